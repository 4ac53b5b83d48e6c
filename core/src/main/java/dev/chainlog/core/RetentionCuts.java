package dev.chainlog.core;

import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.PreparedCut;
import dev.chainlog.store.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Moves the stored log start up to the visible one (docs/DESIGN.md: Retention), in chunks and off the hot path.
 *
 * <p>When: after an append group, once the stored excess beyond the visible start reaches {@link Retention#cutSlack}
 * (the maxEntries bound), or when the retention interval has passed (the ttl); on the writer thread's timer for an
 * idle log; and at once for {@code applyRetention}, {@code clear} and {@code close}.
 *
 * <p>How: the cut is prepared ({@link LogStore#prepareCut}: reading the pruned prefix to find its index entries)
 * on this class's own thread, while appends go on, and handed to the writer, which commits only the prepared
 * deletes between two groups. At most one preparation runs at a time; one prepared for a start that another cut
 * has reached meanwhile is dropped by the writer. {@code applyRetention}, {@code clear} and {@code close} prepare on
 * their own thread ({@link #prepare}) and commit through the writer too.
 */
final class RetentionCuts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionCuts.class);

    private final LogStore store;
    private final Retention retention;
    private final long intervalNanos;
    private final Consumer<PreparedCut> commitAsWriter;
    private final AtomicBoolean preparing = new AtomicBoolean();
    private volatile Thread preparer;
    private volatile boolean closed;
    /** Read and written by the writer only. */
    private long lastCutNanos = System.nanoTime();

    /** @param commitAsWriter commits a prepared cut as the writer (and closes it), from any thread */
    RetentionCuts(LogStore store, Retention retention, long intervalNanos, Consumer<PreparedCut> commitAsWriter) {
        this.store = store;
        this.retention = retention;
        this.intervalNanos = intervalNanos;
        this.commitAsWriter = commitAsWriter;
    }

    /**
     * On the writer, after an append group committed {@code meta}: starts preparing a cut to {@code target} (the
     * visible start after the group) when one is due.
     */
    void afterAppend(long target, LogMeta meta) {
        if (due(target, meta.logStartSeq())) {
            startPreparing(target);
        }
    }

    /** On the writer thread's timer: the ttl moves the visible start of an idle log too. */
    void onTimer(LogMeta meta) {
        if (retention.enabled()) {
            afterAppend(retention.visibleStart(meta), meta);
        }
    }

    /** Prepares the cut to {@code target} now, on the calling thread; null when nothing is stored below it. */
    PreparedCut prepare(long target, LogMeta meta) {
        return target > meta.logStartSeq() ? store.prepareCut(target) : null;
    }

    /**
     * A cut is due once the stored excess reaches the slack (maxEntries), or the interval has passed (ttl); at most
     * once per interval otherwise, so a busy log does not write one range deletion per group.
     */
    private boolean due(long target, long storedStart) {
        if (!retention.enabled() || target <= storedStart || closed) {
            return false;
        }
        long now = System.nanoTime();
        long slack = retention.cutSlack();
        boolean boundDue = slack > 0 && target - storedStart >= slack;
        boolean intervalDue = now - lastCutNanos >= intervalNanos;
        if (!boundDue && !intervalDue) {
            return false;
        }
        lastCutNanos = now;
        return true;
    }

    private void startPreparing(long target) {
        if (!preparing.compareAndSet(false, true)) {
            return; // one at a time: the next due check schedules the rest
        }
        Thread t = new Thread(() -> {
            try {
                if (!closed) {
                    commitAsWriter.accept(store.prepareCut(target));
                }
            } catch (RuntimeException e) {
                LOG.warn("chainlog: a retention cut to seq {} failed; it is tried again later: {}", target, e.toString());
            } finally {
                preparing.set(false);
            }
        }, "chainlog-retention");
        t.setDaemon(true);
        preparer = t;
        t.start();
    }

    /** Stops scheduling cuts and waits for a preparation in progress (its commit fails once the writer stopped). */
    @Override
    public void close() {
        closed = true;
        Thread t = preparer;
        Threads.joinUninterruptibly(t);
    }
}
