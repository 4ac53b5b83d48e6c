package dev.chainlog.core;

import dev.chainlog.api.StorageException;
import dev.chainlog.chain.Hashes;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
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
        CommitPoint.Committed committed;
        try {
            committed = commitPoint.commit(base, group.entries(), null, next, group.sync(), now);
        } catch (StorageException e) {
            group.fail(e);
            return () -> { };
        }
        appended += group.entries().size();
        cuts.afterAppend(retention.startAfter(visibleStart, next.headSeq()), next);
        SignedNote note = committed.checkpoint();
        return () -> {
            checkpointer.deliver(note); // first: when an append returns, the listener has what its commit signed
            group.complete();
        };
    }

    /** An idle log: the ttl cut and a checkpoint due by time. */
    @Override
    public Runnable idle() {
        LogMeta meta = watermark.meta();
        cuts.onTimer(meta);
        long now = retention.nowMicros();
        if (commitPoint.failure() != null || !checkpointer.dueByTime(meta, now)) {
            return null;
        }
        try {
            SignedNote note = commitPoint.commit(meta, List.of(), null, meta, false, now).checkpoint();
            return () -> checkpointer.deliver(note);
        } catch (StorageException e) {
            LOG.warn("chainlog: storing the log's checkpoint failed; it is tried again: {}", e.toString());
            return null;
        }
    }

    /**
     * Commits a prepared cut as the writer: the stored start moves to its new start, with the prune anchor (the
     * hash of the last entry it removes). A cut another one has overtaken is dropped. Returns the stored start and
     * the checkpoint to deliver once the writer role is released.
     */
    CutResult commitCut(PreparedCut cut) {
        LogMeta meta = watermark.meta();
        long newStart = Math.min(cut.newStart(), meta.headSeq() + 1);
        if (newStart <= meta.logStartSeq()) {
            cut.close();
            return new CutResult(meta.logStartSeq(), null);
        }
        byte[] anchor = newStart - 1 == meta.headSeq() ? meta.headHash() : storedHash(newStart - 1);
        LogMeta next = meta.withLogStart(newStart, anchor);
        CommitPoint.Committed committed = commitPoint.commit(meta, List.of(), cut, next, false, retention.nowMicros());
        LOG.debug("retention cut: logStartSeq {} -> {} ({} entries)", meta.logStartSeq(), newStart, cut.entries());
        return new CutResult(newStart, committed.checkpoint());
    }

    /** What a committed cut left: the stored start, and its checkpoint (the signed prune anchor) or null. */
    record CutResult(long logStartSeq, SignedNote checkpoint) {
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
