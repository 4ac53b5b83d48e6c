package dev.chainlog.api;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

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

    /** The storage format and engine version of every backend on the class path that has them ({@code --version}). */
    public static List<BackendVersion> versions() {
        List<BackendVersion> versions = new ArrayList<>();
        for (EventLogProvider p : ServiceLoader.load(EventLogProvider.class, EventLogs.class.getClassLoader())) {
            versions.addAll(p.versions());
        }
        return versions;
    }

    private static EventLogProvider provider(Backend backend) {
        Set<String> available = new TreeSet<>();
        for (EventLogProvider p : ServiceLoader.load(EventLogProvider.class, EventLogs.class.getClassLoader())) {
            Set<Backend> opened = p.backends();
            if (opened.contains(backend)) {
                return p;
            }
            opened.forEach(b -> available.add(b.id()));
        }
        throw new ConfigException("the " + backend + " backend is not on the class path (the backends on it: "
                + String.join(", ", available) + "); a backend comes with the module that provides it, e.g. "
                + "dev.chainlog:chainlog-storage-rocksdb for rocksdb");
    }
}
