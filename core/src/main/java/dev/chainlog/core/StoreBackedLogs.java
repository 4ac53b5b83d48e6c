package dev.chainlog.core;

import dev.chainlog.api.Backend;
import dev.chainlog.api.BackendVersion;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogProvider;
import dev.chainlog.store.LogStoreProvider;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The logs over a store: every backend that has a {@link LogStoreProvider} on the class path ({@code memory} from
 * this module, {@code rocksdb} from chainlog-storage-rocksdb, or a custom one), opened as a {@link ChainedEventLog}
 * or, read-only, a {@link FollowerLog}. Found by {@code EventLogs} through META-INF/services.
 */
public final class StoreBackedLogs implements EventLogProvider {
    @Override
    public Set<Backend> backends() {
        Set<Backend> backends = new HashSet<>();
        for (LogStoreProvider p : storeProviders()) {
            backends.add(Backend.parse(p.backend()));
        }
        return backends;
    }

    @Override
    public EventLog open(EventLogConfig config) {
        return ChainedEventLog.open(storeProvider(config.backend()).open(config), config);
    }

    @Override
    public EventLog openReadOnly(EventLogConfig config) {
        return FollowerLog.open(storeProvider(config.backend()).openReadOnly(config), config);
    }

    @Override
    public List<BackendVersion> versions() {
        List<BackendVersion> versions = new ArrayList<>();
        for (LogStoreProvider p : storeProviders()) {
            BackendVersion v = p.version();
            if (v != null) {
                versions.add(v);
            }
        }
        return versions;
    }

    /** The store providers on the class path, looked up afresh (what it holds at each call counts). */
    private static Iterable<LogStoreProvider> storeProviders() {
        return ServiceLoader.load(LogStoreProvider.class, StoreBackedLogs.class.getClassLoader());
    }

    private static LogStoreProvider storeProvider(Backend backend) {
        for (LogStoreProvider p : storeProviders()) {
            if (p.backend().equals(backend.id())) {
                return p;
            }
        }
        return null;
    }
}
