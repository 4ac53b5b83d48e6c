package dev.chainlog.api;

import java.util.List;
import java.util.Set;

/**
 * Opens the logs of one or more backends: how {@link EventLogs} finds the code behind a {@link Backend} name, through
 * {@link java.util.ServiceLoader}, so this API depends on no implementation. chainlog-core provides the logs over a
 * store ({@code memory}, and {@code rocksdb} with chainlog-storage-rocksdb) and the {@code disabled} backend; a
 * custom backend registers its own in {@code META-INF/services/dev.chainlog.api.EventLogProvider}. Not for
 * applications: they call {@link EventLogs}.
 */
public interface EventLogProvider {
    /** The backends this provider opens (asked at every open, so what it finds on the class path then counts). */
    Set<Backend> backends();

    /** Opens (creating if needed) the log {@code config} describes. */
    EventLog open(EventLogConfig config);

    /** Opens an existing log read-only, beside a writer in another process; see {@link EventLogs#openReadOnly}. */
    EventLog openReadOnly(EventLogConfig config);

    /** The storage format and engine version of each backend this provider opens that has them. */
    default List<BackendVersion> versions() {
        return List.of();
    }
}
