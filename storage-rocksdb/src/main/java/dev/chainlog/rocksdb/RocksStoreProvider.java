package dev.chainlog.rocksdb;

import dev.chainlog.api.BackendVersion;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.LogStoreProvider;
import org.rocksdb.RocksDB;

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

    /**
     * The storage layout this store writes (meta key {@code rocksdb_layout}) and reads (every older one, which a
     * writer's open migrates: {@link StoreOpener}), and the RocksDB library it runs on. Loading that library can fail
     * (a platform without its native library, no writable temporary folder): the version line then says why, and
     * still prints.
     */
    @Override
    public BackendVersion version() {
        String engine;
        try {
            RocksDB.loadLibrary();
            engine = "RocksDB " + RocksDB.rocksdbVersion() + " (rocksdbjni)";
        } catch (RuntimeException | LinkageError e) {
            engine = "RocksDB unavailable (" + e + ")";
        }
        int layout = MetaCodec.LAYOUT_VERSION;
        return new BackendVersion(backend(), "writes layout " + layout + "; reads layouts 1 to " + layout
                + " (a writer migrates an older one on open)", engine);
    }

    /** A RocksDB secondary instance: reads beside a process that holds the log open for writing. */
    @Override
    public LogStore openReadOnly(EventLogConfig config) {
        return RocksLogStore.openReadOnly(config);
    }
}
