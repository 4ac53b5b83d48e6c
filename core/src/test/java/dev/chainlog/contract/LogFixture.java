package dev.chainlog.contract;

import dev.chainlog.core.ChainedEventLog;
import dev.chainlog.api.Backend;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.store.LogStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a backend provides to the shared contract tests: fresh stores and a tamperer over them. The contract
 * tests open every log through {@link #open}, so they run unchanged over each backend.
 */
public abstract class LogFixture {
    private final List<EventLog> opened = new ArrayList<>();

    /** The backend named in the configs the tests build. */
    protected abstract Backend backend();

    /** A new, empty store (each test calls this once per log it opens). */
    protected abstract LogStore newStore();

    /** Raw access to {@code store} for damage tests. */
    protected abstract StoreTamperer tamperer(LogStore store);

    /** Opens a log over a fresh store; {@code settings} may set anything but backend and path. */
    public Opened open(Consumer<EventLogConfig.Builder> settings) {
        EventLogConfig.Builder b = EventLogConfig.builder().backend(backend()).path(java.nio.file.Path.of("unused"));
        settings.accept(b);
        LogStore store = newStore();
        EventLog log = ChainedEventLog.open(store, b.build());
        opened.add(log);
        return new Opened(log, store, tamperer(store));
    }

    public Opened open() {
        return open(b -> { });
    }

    /** Closes every log opened through this fixture (idempotent). */
    public void closeAll() {
        for (EventLog log : opened) {
            log.close();
        }
        opened.clear();
    }

    /** An open log with its store and a tamperer. */
    public record Opened(EventLog log, LogStore store, StoreTamperer tamper) {
    }
}
