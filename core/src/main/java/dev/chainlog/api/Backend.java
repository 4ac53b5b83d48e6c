package dev.chainlog.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a log keeps its entries. */
public enum Backend {
    /** RocksDB in a local folder (module chainlog-storage-rocksdb): durable, the default. */
    ROCKSDB,
    /** In memory: every guarantee but durability; bounded by maxEntries. */
    MEMORY,
    /** Stores nothing, still hands out monotonic seqs and hashes (for switching auditing off). */
    DISABLED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Backend parse(String name) {
        if (name != null) {
            for (Backend b : values()) {
                if (b.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return b;
                }
            }
        }
        throw new ConfigException("unknown backend '" + name + "'; valid backends: "
                + Arrays.stream(values()).map(Backend::id).collect(Collectors.joining(", ")));
    }
}
