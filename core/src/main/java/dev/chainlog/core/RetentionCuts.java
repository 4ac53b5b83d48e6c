package dev.chainlog.core;

import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.PreparedCut;
import dev.chainlog.store.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Moves the stored log start up to the visible one (docs/DESIGN.md: Retention), in chunks and off the hot path.
 *
 * <p>When: after an append group, once the stored excess beyond the visible start reaches {@link Retention#cutSlack}
 * (the maxEntries bound), or when the retention interval has passed (the ttl); on the writer thread's timer for an
 * idle log; and at once for {@code applyRetention} and {@code clear} ({@link #cutNow}). Never while the log refuses
 * writes: a preparation reads the whole prefix, for a commit that would be refused.
 *
 * <p>How: the cut is prepared ({@link LogStore#prepareCut}: reading the pruned prefix to find its index entries, and
 * the tree for the compact range of its leaves)
 * off the writer — on this class's own thread, or on the caller's for {@link #cutNow} — while appends go on, and
 * handed to the writer, which commits only the prepared deletes between two groups.
 *
 * <p>A cut stores the compact range of the leaves it prunes, read from the stored tree: a log whose tree is damaged
 * below the new start is not cut (the timer's cut logs why and is tried again; {@code applyRetention} and
 * {@code clear} throw), for a cut would lose what proofs above it need; verify reports the damage.
 *
 * <p>Invariants: one preparation at a time ({@code oneAtATime}: the timer's are skipped while one runs, an explicit
 * one waits), so no cut is prepared while another one commits; and each cut is committed with the stored start it
 * was prepared from, which the writer checks ({@link GroupCommitWriter#commitCut}): a cut whose prefix another cut
 * changed meanwhile is dropped, never applied.
 */
final class RetentionCuts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionCuts.class);

    /** Commits a prepared cut as the writer (and closes it, whatever happens), from any thread. */
    interface Committer {
        GroupCommitWriter.CutResult commitAsWriter(PreparedCut cut, long preparedFrom);
    }

    private final LogStore store;
    private final LogTree tree;
    private final Retention retention;
    private final long intervalNanos;
    private final Supplier<LogMeta> published;
    private final BooleanSupplier writesRefused;
    private final Committer committer;
    private final Semaphore oneAtATime = new Semaphore(1);
    private volatile Thread preparer;
    private volatile boolean closed;
    /** Read and written by the writer only. */
    private long lastCutNanos = System.nanoTime();

    /**
     * @param published     the published state (the stored start a preparation starts from)
     * @param writesRefused true while the log refuses writes (then nothing is prepared)
     */
    RetentionCuts(LogStore store, LogTree tree, Retention retention, long intervalNanos, Supplier<LogMeta> published,
                  BooleanSupplier writesRefused, Committer committer) {
        this.store = store;
        this.tree = tree;
        this.retention = retention;
        this.intervalNanos = intervalNanos;
        this.published = published;
        this.writesRefused = writesRefused;
        this.committer = committer;
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

    /**
     * Cuts to the seq {@code target} gives, on the calling thread ({@code applyRetention}, {@code clear}): after a
     * preparation in progress, prepares the cut and has the writer commit it; returns the stored start after it.
     * {@code target} is asked again should the cut be dropped as stale (it cannot be while preparations take turns;
     * the loop is the writer's check made good).
     */
    long cutNow(LongSupplier target) {
        oneAtATime.acquireUninterruptibly();
        try {
            while (true) {
                long to = target.getAsLong();
                long from = published.get().logStartSeq();
                if (to <= from) {
                    return from;
                }
                GroupCommitWriter.CutResult result = committer.commitAsWriter(prepare(to), from);
                if (!result.stale()) {
                    return result.logStartSeq();
                }
            }
        } finally {
            oneAtATime.release();
        }
    }

    /**
     * The last cut of a closing log, on the closing thread once the writer and this class have stopped: prepared
     * and committed here, through {@code commit} (the closing thread is the only writer now).
     */
    void cutOnClose(Committer commit) {
        LogMeta meta = published.get();
        long target = retention.visibleStart(meta);
        if (target > meta.logStartSeq() && !writesRefused.getAsBoolean()) {
            commit.commitAsWriter(prepare(target), meta.logStartSeq());
        }
    }

    /**
     * Prepares the cut of every entry below {@code newStart}: its deletes, and the compact range of the leaves it
     * prunes (read from the tree as it is: those leaves never change), which the cut's commit stores so that roots and
     * proofs above the cut keep working (docs/FORMAT.md §9b).
     */
    private PreparedCut prepare(long newStart) {
        return store.prepareCut(newStart, tree.rangeBelow(newStart - 1));
    }

    /**
     * A cut is due once the stored excess reaches the slack (maxEntries), or the interval has passed (ttl); at most
     * once per interval otherwise, so a busy log does not write one range deletion per group.
     */
    private boolean due(long target, long storedStart) {
        if (!retention.enabled() || target <= storedStart || closed || writesRefused.getAsBoolean()) {
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
        if (!oneAtATime.tryAcquire()) {
            return; // one at a time: the next due check schedules the rest
        }
        Thread t = new Thread(() -> {
            try {
                long from = published.get().logStartSeq();
                if (!closed && target > from) {
                    committer.commitAsWriter(prepare(target), from);
                }
            } catch (RuntimeException e) {
                LOG.warn("chainlog: a retention cut to seq {} failed; it is tried again later: {}", target, e.toString());
            } finally {
                oneAtATime.release();
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
        Threads.joinUninterruptibly(preparer);
    }
}
