package dev.chainlog.api;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a log keeps its entries, by name. Any backend a provider on the class path opens can be named
 * ({@link EventLogProvider}); these three come with chainlog.
 *
 * @param id the backend's name: lowercase letters, digits and dashes
 */
public record Backend(String id) {
    /** Before the constants: they are checked against it as they are made. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    /** RocksDB in a local folder (module chainlog-storage-rocksdb): durable, the default. */
    public static final Backend ROCKSDB = new Backend("rocksdb");
    /** In memory: every guarantee but durability; bounded by maxEntries. */
    public static final Backend MEMORY = new Backend("memory");
    /** Stores nothing, still hands out monotonic seqs and hashes (for switching auditing off). */
    public static final Backend DISABLED = new Backend("disabled");

    public Backend {
        if (id == null || !NAME.matcher(id).matches()) {
            throw new ConfigException("a backend name is lowercase letters, digits and dashes (rocksdb, memory, "
                    + "disabled, or a provider's), got '" + id + "'");
        }
    }

    /** The backend named {@code name}, in any case and with surrounding blanks. */
    public static Backend parse(String name) {
        return new Backend(name == null ? null : name.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return id;
    }
}
