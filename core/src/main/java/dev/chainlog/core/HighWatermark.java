package dev.chainlog.core;

import dev.chainlog.store.LogMeta;

/**
 * The committed state readers see: the meta of the last successful commit. The writer publishes it after the
 * store has applied the batch, so a reader bounded by it never sees a partial batch, and wakes tails waiting for
 * new entries.
 */
final class HighWatermark {
    private volatile LogMeta meta;
    private volatile boolean closed;
    private final Object monitor = new Object();
    private int waiters;

    HighWatermark(LogMeta meta) {
        this.meta = meta;
    }

    LogMeta meta() {
        return meta;
    }

    /** Called by the writer only. */
    void publish(LogMeta next) {
        meta = next;
        synchronized (monitor) {
            if (waiters > 0) {
                monitor.notifyAll();
            }
        }
    }

    void close() {
        closed = true;
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    boolean closed() {
        return closed;
    }

    /** Waits until the head passes {@code seq}, the log closes, or the timeout ends. */
    void awaitHeadAfter(long seq, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (monitor) {
            waiters++;
            try {
                long left;
                while (meta.headSeq() <= seq && !closed && (left = deadline - System.nanoTime()) > 0) {
                    monitor.wait(Math.max(1, left / 1_000_000), 0);
                }
            } finally {
                waiters--;
            }
        }
    }
}
