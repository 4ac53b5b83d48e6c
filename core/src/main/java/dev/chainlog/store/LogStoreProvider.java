package dev.chainlog.store;

import dev.chainlog.api.BackendVersion;
import dev.chainlog.api.EventLogConfig;

/**
 * Opens stores of one backend; found with {@link java.util.ServiceLoader}, so core does not depend on the
 * modules that implement them (storage-rocksdb registers one for {@code rocksdb}).
 */
public interface LogStoreProvider {
    /** The backend id this provider opens, e.g. {@code rocksdb}. */
    String backend();

    /** Opens (creating if needed) the store the configuration names. */
    LogStore open(EventLogConfig config);

    /**
     * Opens an existing log for reading while another process may hold it open for writing (RocksDB: a secondary
     * instance). The store must follow the writer on {@link LogStore#refresh()}.
     */
    /** This backend's storage format and engine version, or null when it has none (a store inside the process). */
    default BackendVersion version() {
        return null;
    }

    default LogStore openReadOnly(EventLogConfig config) {
        throw new dev.chainlog.api.ConfigException("only a log in durable storage can be opened read-only from another "
                + "process; the " + backend() + " backend lives inside one process");
    }
}
