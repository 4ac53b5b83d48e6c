package dev.chainlog.cli;

import dev.chainlog.api.EventLog;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The logs this process has open, closed by a shutdown hook when the JVM is asked to stop (Ctrl-C, SIGTERM), so an
 * interrupted command still closes its log as a normal exit would: queued appends are written, and in {@code NONE}
 * mode the memtables are flushed, so nothing it acknowledged is lost (only SIGKILL or a crash skips the hook).
 *
 * <p>Each command registers the log it opens; closing a log twice is harmless, and a close racing the hook's waits
 * for it. Tasks registered with {@link #afterClose} run after the logs are closed, still inside the hook: the append
 * command waits there until it has printed the acknowledgement of every entry the close wrote, and temporary files
 * and folders a command was building ({@link #deleteOnShutdown}) are removed, as its own cleanup would have.
 */
final class OpenLogs {
    private static final Deque<EventLog> OPEN = new ArrayDeque<>();
    private static final Deque<Runnable> AFTER_CLOSE = new ArrayDeque<>();
    private static final Deque<AutoCloseable> BEFORE_CLOSE = new ArrayDeque<>();
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

    /** {@code user} (a forwarder reading a log) is closed before the logs, so it never sees its log closed under it. */
    static synchronized <T extends AutoCloseable> T closeBeforeLogs(T user) {
        BEFORE_CLOSE.push(user);
        return user;
    }

    static synchronized void afterClose(Runnable task) {
        AFTER_CLOSE.push(task);
    }

    static synchronized void removeAfterClose(Runnable task) {
        AFTER_CLOSE.remove(task);
    }

    /**
     * Deletes {@code path} (a file, or a folder and everything in it) if the JVM is stopped before the command removes
     * or renames it itself; returns the task to pass to {@link #removeAfterClose} once it has.
     */
    static Runnable deleteOnShutdown(java.nio.file.Path path) {
        Runnable task = () -> {
            try {
                LogFolders.deleteIfLeft(path);
            } catch (java.io.IOException e) {
                System.err.println("chainlog: could not remove " + path + ": " + e.getMessage());
            }
        };
        afterClose(task);
        return task;
    }

    private static void closeAll() {
        shuttingDown = true;
        Deque<EventLog> logs;
        Deque<Runnable> tasks;
        Deque<AutoCloseable> users;
        synchronized (OpenLogs.class) {
            users = new ArrayDeque<>(BEFORE_CLOSE);
            BEFORE_CLOSE.clear();
            logs = new ArrayDeque<>(OPEN);
            tasks = new ArrayDeque<>(AFTER_CLOSE);
            OPEN.clear();
            AFTER_CLOSE.clear();
        }
        for (AutoCloseable user : users) {
            try {
                user.close();
            } catch (Exception e) {
                System.err.println("chainlog: closing on shutdown failed: " + e.getMessage());
            }
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
