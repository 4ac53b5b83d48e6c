package dev.chainlog.disabled;

import dev.chainlog.api.Backend;
import dev.chainlog.api.ConfigException;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogProvider;

import java.util.Set;

/** The {@code disabled} backend, found by {@code EventLogs} through META-INF/services like every other. */
public final class DisabledLogs implements EventLogProvider {
    @Override
    public Set<Backend> backends() {
        return Set.of(Backend.DISABLED);
    }

    @Override
    public EventLog open(EventLogConfig config) {
        return new DisabledEventLog(config);
    }

    @Override
    public EventLog openReadOnly(EventLogConfig config) {
        throw new ConfigException("the disabled backend stores nothing: there is no log to read from another process");
    }
}
