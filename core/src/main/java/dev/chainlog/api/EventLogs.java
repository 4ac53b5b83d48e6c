package dev.chainlog.api;

import java.util.ServiceLoader;

/**
 * Opens event logs: the one entry point for every backend, resolved by name ({@link Backend}) through the
 * {@link EventLogProvider}s on the class path. chainlog-core provides {@code memory} and {@code disabled};
 * chainlog-storage-rocksdb provides {@code rocksdb}, the default.
 */
public final class EventLogs {
    private EventLogs() {
    }

    /** Opens the log {@code config} describes, creating it if needed. */
    public static EventLog open(EventLogConfig config) {
        return provider(config.backend()).open(config);
    }

    /**
     * Opens an existing log for reading only, while another process may be appending to it (an operator inspecting
     * a live service's log). Call {@link EventLog#refresh()} to see what the writer committed since; tails do so
     * by themselves. Writes throw {@link ReadOnlyLogException}.
     */
    public static EventLog openReadOnly(EventLogConfig config) {
        return provider(config.backend()).openReadOnly(config);
    }

    private static EventLogProvider provider(Backend backend) {
        for (EventLogProvider p : ServiceLoader.load(EventLogProvider.class, EventLogs.class.getClassLoader())) {
            if (p.opens(backend)) {
                return p;
            }
        }
        throw new ConfigException("the " + backend + " backend is not on the class path: add the dependency "
                + "dev.chainlog:chainlog-storage-" + backend + " (or the module that provides it)");
    }
}
