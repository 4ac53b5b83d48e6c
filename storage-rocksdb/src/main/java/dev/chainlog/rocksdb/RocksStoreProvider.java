package dev.chainlog.rocksdb;

import dev.chainlog.api.EventLogConfig;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.LogStoreProvider;

/**
 * The {@code rocksdb} backend, found by {@code EventLogs.open} through {@link java.util.ServiceLoader}
 * (registered in {@code META-INF/services/dev.chainlog.store.LogStoreProvider}).
 */
public final class RocksStoreProvider implements LogStoreProvider {
    @Override
    public String backend() {
        return "rocksdb";
    }

    @Override
    public LogStore open(EventLogConfig config) {
        return RocksLogStore.open(config);
    }

    /** A RocksDB secondary instance: reads beside a process that holds the log open for writing. */
    @Override
    public LogStore openReadOnly(EventLogConfig config) {
        return RocksLogStore.openReadOnly(config);
    }
}
