package dev.chainlog.core;

import dev.chainlog.store.ConsumerCursor;
import dev.chainlog.store.CursorChanges;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.chainlog.api.AppendAbortedException;
import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.StorageException;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.NewEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * One commit group of appends: the decision on each, in queue order, and the chained entries of the accepted ones,
 * all on top of {@code base}, the published state. Nothing here writes or publishes: the writer commits
 * {@link #entries()} as one batch through the {@link CommitPoint}, then completes the group.
 *
 * <p>A decision, in order: a pipeline whose earlier request failed aborts this one; a request id seen before
 * repeats it ({@link Idempotency}); the caller's uuids must be free ({@link UuidUniqueness}); then the events are
 * chained ({@link EntryChain}). A refused request takes no seq; its failure is recorded in its pipeline at once (so
 * the pipeline's later requests are aborted), but no future is completed here: {@link #complete} answers every
 * request of the group once the writer role is released, so no caller's callback runs under it.
 */
final class AppendGroup {
    private final LogMeta base;
    private final EntryChain chain;
    private final Idempotency idempotency;
    private final UuidUniqueness uuids;
    private final List<NewEntry> entries = new ArrayList<>();
    private final List<Task.Append> accepted = new ArrayList<>();
    private final List<Task.Append> replays = new ArrayList<>();
    /** The answers of refused requests and of retries of stored ones: given with the rest, by {@link #complete}. */
    private final List<Runnable> answers = new ArrayList<>();
    private StorageException failure;
    private boolean sync;

    AppendGroup(LogStore store, LogMeta base, long visibleStart, EntryChain chain, long nowMicros,
                List<Task.Append> appends) {
        this.base = base;
        this.chain = chain;
        this.idempotency = new Idempotency(store, appends, visibleStart);
        this.uuids = new UuidUniqueness(store, appends, base.logStartSeq());
        chain.begin(base.headSeq(), base.headHash(), base.headTs(), nowMicros);
        for (Task.Append a : appends) {
            try {
                decide(a);
            } catch (ChainlogException e) {
                a.recordFailure(e);
                answers.add(() -> a.fail(e));
            }
        }
    }

    private void decide(Task.Append a) {
        ChainlogException earlier = a.pipeline == null ? null : a.pipeline.failedBefore(a.indexInPipeline);
        if (earlier != null) {
            throw new AppendAbortedException(earlier);
        }
        if (a.request.requestId() != null) {
            Task.Append twin = idempotency.twinInGroup(a);
            if (twin != null) {
                a.replayOf = twin;
                replays.add(a);
                return;
            }
            List<Entry> first = idempotency.firstApplication(a);
            if (first != null) {
                answers.add(() -> a.future.complete(first));
                return;
            }
        }
        uuids.check(a.request);
        a.entries = chain.chain(a.request, a.requestIdField, entries);
        sync |= a.sync;
        accepted.add(a);
        uuids.accepted(a.request, a.entries.get(0).seq());
        idempotency.accepted(a);
    }

    /** The entries to commit, in seq order; empty when every append was a retry or refused. */
    List<NewEntry> entries() {
        return entries;
    }

    /**
     * The consumer positions the accepted appends write with their entries (an application that consumes this log and
     * appends its results commits both at once); a later append of the group wins for the same consumer.
     */
    CursorChanges cursors() {
        Map<String, ConsumerCursor> put = null;
        for (Task.Append a : accepted) {
            if (a.cursor != null) {
                if (put == null) {
                    put = new LinkedHashMap<>();
                }
                put.put(a.cursor.name(), a.cursor);
            }
        }
        return put == null ? CursorChanges.NONE : new CursorChanges(put, Set.of());
    }

    /** True when an accepted append asked for SYNC. */
    boolean sync() {
        return sync;
    }

    /** The state after this group: the new head (ts and hash of its last entry). */
    LogMeta next() {
        return base.withHead(chain.nextSeq() - 1, chain.prev(), chain.ts());
    }

    /**
     * Answers every request of the group, once the writer role is released: the accepted ones and their repeats get
     * their entries (or the commit's failure, after {@link #fail}), the refused ones their refusal, the retries of
     * stored requests the entries of the first application.
     */
    void complete() {
        answers.forEach(Runnable::run);
        if (failure != null) {
            accepted.forEach(a -> a.fail(failure));
            replays.forEach(a -> a.fail(failure));
            return;
        }
        for (Task.Append a : accepted) {
            a.future.complete(a.entries);
        }
        for (Task.Append a : replays) {
            a.future.complete(a.replayOf.entries);
        }
    }

    /**
     * The group's commit failed: nothing of it was written; its appends, and the repeats of them, fail alike (in
     * their pipelines now, answered by {@link #complete}).
     */
    void fail(StorageException e) {
        failure = e;
        accepted.forEach(a -> a.recordFailure(e));
        replays.forEach(a -> a.recordFailure(e));
    }
}
