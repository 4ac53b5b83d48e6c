package dev.chainlog.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an acknowledged append survives (docs/DESIGN.md: Durability by mode). Whatever the mode, what survives a crash
 * is a prefix of
 * what was appended.
 */
public enum Durability {
    /** WAL off: fastest; a crash may lose the newest entries, and what remains is still a gap-free prefix. */
    NONE,
    /** WAL written before the append is acknowledged, fsynced in the background: survives a process crash. */
    WAL,
    /** WAL fsynced before the append is acknowledged: survives power loss. Concurrent appends share one fsync. */
    SYNC;

    /** True when this mode promises at least as much as {@code other}. */
    public boolean atLeast(Durability other) {
        return ordinal() >= other.ordinal();
    }

    /** Parses {@code none}, {@code wal} or {@code sync} (any case). */
    public static Durability parse(String name) {
        if (name != null) {
            for (Durability d : values()) {
                if (d.name().equalsIgnoreCase(name.trim())) {
                    return d;
                }
            }
        }
        throw new ConfigException("unknown durability '" + name + "'; valid values: "
                + Arrays.stream(values()).map(d -> d.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
