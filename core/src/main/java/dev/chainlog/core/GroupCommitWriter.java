package dev.chainlog.core;

import dev.chainlog.api.LogObserver;
import dev.chainlog.api.StorageException;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.NewEntry;
import dev.chainlog.store.PreparedCut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What the writer role writes (docs/DESIGN.md: Single writer, Sequence): the groups of queued tasks, and the
 * time-driven work of an idle log. A group is split into runs of appends, each decided and chained as one
 * {@link AppendGroup} and committed as one batch through the {@link CommitPoint} (so concurrent appenders share one
 * storage write, and one fsync in SYNC mode); an action queued between them ({@link Task.Control}) runs after the
 * appends before it are committed. The visible start is computed once per run.
 *
 * <p>Invariants: seqs are assigned here only, from the published head, so they are gap-free; a refused request takes
 * no seq; a failed commit publishes nothing, and the next run chains from the same published head again.
 */
final class GroupCommitWriter implements WriterRole.Groups {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final LogStore store;
    private final HighWatermark watermark;
    private final Retention retention;
    private final Checkpointer checkpointer;
    private final CommitPoint commitPoint;
    private final EntryChain chain = new EntryChain();
    private RetentionCuts cuts;
    private volatile long appended;

    /** Told of every commit group and cut (metrics); set once, before the writer starts. */
    private LogObserver observer = LogObserver.NONE;

    void observeWith(LogObserver o) {
        observer = o;
    }

    GroupCommitWriter(LogStore store, HighWatermark watermark, Retention retention, Checkpointer checkpointer,
                      CommitPoint commitPoint) {
        this.store = store;
        this.watermark = watermark;
        this.retention = retention;
        this.checkpointer = checkpointer;
        this.commitPoint = commitPoint;
    }

    /** The cuts to schedule after groups and on the timer (set once, before the writer starts). */
    void scheduleCutsWith(RetentionCuts retentionCuts) {
        this.cuts = retentionCuts;
    }

    /** Entries appended through this log since it was opened. */
    long appended() {
        return appended;
    }

    @Override
    public Runnable write(List<Task> group) {
        List<Runnable> completions = new ArrayList<>(1);
        List<Task.Append> appends = new ArrayList<>();
        try {
            for (Task task : group) {
                if (task instanceof Task.Append a) {
                    appends.add(a);
                } else if (task instanceof Task.Control<?> c) {
                    completions.add(commitAppends(appends));
                    appends.clear();
                    c.runNow();
                }
            }
            completions.add(commitAppends(appends));
        } catch (Throwable t) {
            completions.forEach(Runnable::run); // what was committed before the failure is acknowledged
            throw t;
        }
        return () -> completions.forEach(Runnable::run);
    }

    /** Decides, chains and commits {@code appends} as one batch; returns their completion. */
    private Runnable commitAppends(List<Task.Append> appends) {
        if (appends.isEmpty()) {
            return () -> { };
        }
        LogMeta base = watermark.meta();
        long visibleStart = retention.visibleStart(base);
        long now = retention.nowMicros();
        AppendGroup group = new AppendGroup(store, base, visibleStart, chain, now, List.copyOf(appends));
        if (group.entries().isEmpty()) {
            return group::complete; // only retries and refusals
        }
        LogMeta next = group.next();
        long started = System.nanoTime();
        try {
            commitPoint.commit(base, group.entries(), null, next, group.sync(), now, group.cursors());
        } catch (StorageException e) {
            group.fail(e);
            return group::complete; // the refusals and retries of the group still get their answers
        }
        long commitNanos = System.nanoTime() - started;
        appended += group.entries().size();
        cuts.afterAppend(retention.startAfter(visibleStart, next.headSeq()), next);
        List<NewEntry> committed = group.entries();
        int requests = appends.size();
        boolean synced = group.sync();
        return () -> {
            checkpointer.deliver(); // first: when an append returns, the listener has what its commit signed
            group.complete();
            if (observer != LogObserver.NONE) {
                long sum = 0;
                for (NewEntry e : committed) {
                    sum += e.value().length;
                }
                long bytes = sum;
                Observers.call(() -> observer.committed(requests, committed.size(), bytes, synced, commitNanos));
            }
        };
    }

    /** The writer thread found the queue empty: the ttl cut of an idle log, and a checkpoint due by time. */
    @Override
    public Runnable idle() {
        LogMeta meta = watermark.meta();
        cuts.onTimer(meta);
        return checkpointIfDue(meta) ? checkpointer::deliver : null;
    }

    /**
     * As the writer: the visible start {@code applyRetention} cuts to, after every append queued before it; when
     * there is nothing to cut, a checkpoint due by time is committed instead, as on an idle log.
     */
    long retentionTarget() {
        LogMeta meta = watermark.meta();
        long target = retention.visibleStart(meta);
        if (target <= meta.logStartSeq()) {
            checkpointIfDue(meta);
        }
        return target;
    }

    /** Commits the checkpoint of {@code meta} when one is due by time; true when it did (deliver it after). */
    private boolean checkpointIfDue(LogMeta meta) {
        long now = retention.nowMicros();
        if (commitPoint.failure() != null || !checkpointer.dueByTime(meta, now)) {
            return false;
        }
        try {
            commitPoint.commit(meta, List.of(), null, meta, false, now);
            return true;
        } catch (StorageException e) {
            LOG.warn("chainlog: storing the log's checkpoint failed; it is tried again: {}", e.toString());
            return false;
        }
    }

    /**
     * Commits a prepared cut as the writer, and closes it: the stored start moves to its new start, with the prune
     * anchor (the hash of the last entry it removes). The cut must have been prepared from the stored start it finds
     * ({@code preparedFrom}); one prepared before another cut committed is dropped — its index deletes were read
     * from entries that cut already removed, whose uuids may have been taken again since — and so is one another cut
     * has overtaken.
     */
    CutResult commitCut(PreparedCut cut, long preparedFrom) {
        try (cut) {
            LogMeta meta = watermark.meta();
            if (preparedFrom != meta.logStartSeq() || cut.newStart() <= meta.logStartSeq()) {
                return new CutResult(meta.logStartSeq(), preparedFrom != meta.logStartSeq());
            }
            long newStart = cut.newStart();
            if (newStart > meta.headSeq() + 1) {
                throw new IllegalArgumentException("a cut to seq " + newStart + " is beyond the head " + meta.headSeq());
            }
            byte[] anchor = newStart - 1 == meta.headSeq() ? meta.headHash() : storedHash(newStart - 1);
            commitPoint.commit(meta, List.of(), cut, meta.withLogStart(newStart, anchor), false, retention.nowMicros());
            long removed = cut.entries();
            Observers.call(() -> observer.cut(removed, newStart));
            LOG.debug("retention cut: logStartSeq {} -> {} ({} entries)", meta.logStartSeq(), newStart, cut.entries());
            return new CutResult(newStart, false);
        }
    }

    /**
     * What a cut's commit left: the stored start, and whether the cut was dropped as stale (prepared before another
     * cut committed: prepare it again). Its checkpoint, if one was signed, is the checkpointer's to deliver.
     */
    record CutResult(long logStartSeq, boolean stale) {
    }

    /** The hash of a stored entry; damage (which verify reports) must not stop retention: zeros when unknown. */
    private byte[] storedHash(long seq) {
        byte[] sum = store.checksum(seq);
        if (sum != null) {
            return sum;
        }
        byte[] value = store.value(seq);
        return value == null ? Hashes.zero() : Hashes.sha256(value);
    }
}
