package dev.chainlog.api;

import dev.chainlog.core.ChainedEventLog;
import dev.chainlog.disabled.DisabledEventLog;
import dev.chainlog.memory.MemoryLogStore;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.LogStoreProvider;

import java.util.ServiceLoader;

/** Opens event logs: the one factory for every backend. */
public final class EventLogs {
    private EventLogs() {
    }

    /**
     * Opens the log {@code config} describes, creating it if needed. For {@code rocksdb} the module
     * {@code chainlog-storage-rocksdb} must be on the class path.
     */
    public static EventLog open(EventLogConfig config) {
        return switch (config.backend()) {
            case MEMORY -> ChainedEventLog.open(new MemoryLogStore(), config);
            case DISABLED -> new DisabledEventLog(config);
            case ROCKSDB -> ChainedEventLog.open(provider(config.backend()).open(config), config);
        };
    }

    /**
     * Opens an existing log for reading only, while another process may be appending to it (an operator inspecting
     * a live service's log). Call {@link EventLog#refresh()} to see what the writer committed since; tails do so
     * by themselves. Writes throw {@link ReadOnlyLogException}.
     */
    public static EventLog openReadOnly(EventLogConfig config) {
        if (config.backend() != Backend.ROCKSDB) {
            throw new ConfigException("only a rocksdb log can be opened read-only from another process; the "
                    + config.backend().id() + " backend lives inside one process");
        }
        return ChainedEventLog.openReadOnly(provider(config.backend()).openReadOnly(config), config);
    }

    /** Opens a log over a store you built yourself (a custom backend, or a test's). The log closes the store. */
    public static EventLog open(LogStore store, EventLogConfig config) {
        return ChainedEventLog.open(store, config);
    }

    private static LogStoreProvider provider(Backend backend) {
        for (LogStoreProvider p : ServiceLoader.load(LogStoreProvider.class, EventLogs.class.getClassLoader())) {
            if (p.backend().equals(backend.id())) {
                return p;
            }
        }
        throw new ConfigException("the " + backend.id() + " backend is not on the class path: add the dependency "
                + "dev.chainlog:chainlog-storage-" + backend.id());
    }
}
