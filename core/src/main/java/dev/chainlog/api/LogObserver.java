package dev.chainlog.api;

/**
 * What a log tells an observer of its work (metrics: the chainlog-micrometer module's {@code ChainlogMetrics}), set
 * with {@link EventLogConfig.Builder#observer}. Every method has an empty default; the log calls them after the work
 * is done, never while it holds the writer role for something the observer could delay, and ignores what they throw.
 * Keep them cheap: {@link #committed} runs on the writer for every commit group.
 */
public interface LogObserver {
    /** Observes nothing (the default). */
    LogObserver NONE = new LogObserver() {
    };

    /** A blocking append of {@code entries} was acknowledged {@code latencyNanos} after it was submitted. */
    default void appended(int entries, long latencyNanos) {
    }

    /**
     * A commit group was written: {@code appends} requests, {@code entries} entries of {@code bytes} stored bytes, in
     * {@code commitNanos} (the store's write, and its fsync when {@code synced}).
     */
    default void committed(int appends, int entries, long bytes, boolean synced, long commitNanos) {
    }

    /** A retention cut removed {@code entries} stored entries; the log now starts at {@code logStartSeq}. */
    default void cut(long entries, long logStartSeq) {
    }

    /** A verify finished, in {@code nanos}. */
    default void verified(IntegrityReport report, long nanos) {
    }

    /** The log signed (and stored) a checkpoint of tree size {@code treeSize} at {@code timeMicros}. */
    default void checkpointSigned(long treeSize, long timeMicros) {
    }
}
