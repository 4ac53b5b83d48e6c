package dev.chainlog.cli;

import dev.chainlog.api.EventLog;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The logs this process has open, closed by a shutdown hook when the JVM is asked to stop (Ctrl-C, SIGTERM), so an
 * interrupted command still closes its log as a normal exit would: queued appends are written, and in {@code NONE}
 * mode the memtables are flushed, so nothing it acknowledged is lost (only SIGKILL or a crash skips the hook).
 *
 * <p>Each command registers the log it opens and deregisters it when it closes it itself. Tasks registered with
 * {@link #afterClose} run after the logs are closed, still inside the hook: the append command waits there until
 * it has printed the acknowledgement of every entry the close wrote.
 */
final class OpenLogs {
    private static final Deque<EventLog> OPEN = new ArrayDeque<>();
    private static final Deque<Runnable> AFTER_CLOSE = new ArrayDeque<>();
    private static volatile boolean shuttingDown;

    private OpenLogs() {
    }

    /** Installs the hook once per process ({@link ChainlogCli#main}); tests that run the CLI in-process skip it. */
    static void closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(OpenLogs::closeAll, "chainlog-shutdown"));
    }

    /** True once the JVM is stopping: a command then sees its log closed under it and ends without a message. */
    static boolean shuttingDown() {
        return shuttingDown;
    }

    static synchronized <T extends EventLog> T register(T log) {
        OPEN.push(log);
        return log;
    }

    /** Closes {@code log} (idempotent) and forgets it. */
    static void close(EventLog log) {
        synchronized (OpenLogs.class) {
            OPEN.remove(log);
        }
        log.close();
    }

    static synchronized void afterClose(Runnable task) {
        AFTER_CLOSE.push(task);
    }

    static synchronized void removeAfterClose(Runnable task) {
        AFTER_CLOSE.remove(task);
    }

    private static void closeAll() {
        shuttingDown = true;
        Deque<EventLog> logs;
        Deque<Runnable> tasks;
        synchronized (OpenLogs.class) {
            logs = new ArrayDeque<>(OPEN);
            tasks = new ArrayDeque<>(AFTER_CLOSE);
            OPEN.clear();
            AFTER_CLOSE.clear();
        }
        for (EventLog log : logs) { // newest first
            try {
                log.close();
            } catch (RuntimeException e) {
                System.err.println("chainlog: closing the log on shutdown failed: " + e.getMessage());
            }
        }
        tasks.forEach(Runnable::run);
    }
}
