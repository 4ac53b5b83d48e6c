package dev.chainlog.core;

import dev.chainlog.api.AppendAbortedException;
import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.DuplicateUuidException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.RequestIdConflictException;
import dev.chainlog.api.StorageException;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.CommitBatch;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.NewEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The single writer (DESIGN.md §4): the only place that assigns seqs, chains entries and writes to the store.
 *
 * <p>"The writer" is whoever holds {@code lock}: the writer thread, or a synchronous appender that found no
 * commit in progress and writes the queue itself (so a lone appender pays no thread hand-off, as in RocksDB's own
 * write-group leader). Exactly one at a time, so the hot path needs no other synchronisation.
 *
 * <p>Callers queue validated, pre-encoded requests. The writer drains whatever is queued, decides each request
 * (idempotent replay, request-id conflict, duplicate uuid, or accept), assigns consecutive seqs to the accepted
 * ones, chains and hashes them, and writes one {@link CommitBatch} for the whole group, with the new head and,
 * when due, a retention cut. Concurrent appenders therefore share one storage write (and one fsync in
 * {@code SYNC} mode). Only after the store has applied the batch is the new head published and are the futures
 * completed.
 *
 * <p>Invariants: seqs are assigned here only, from the published head, so they are gap-free. A rejected request
 * takes no seq. A failed write publishes nothing: the head stays where it was, so no seq is burned (G1). If the
 * store's state after a failed write cannot be confirmed to be the old head, the writer stops accepting appends
 * (the outcome is unknown; reopening runs recovery).
 */
final class GroupCommitWriter {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    /** Requests per commit group: bounds the batch size and the latency of the first request in it. */
    private static final int MAX_GROUP = 1024;

    private final LogStore store;
    private final HighWatermark watermark;
    private final Retention retention;
    private final Checkpointer checkpointer;
    private final boolean syncAlways;
    private final long retentionIntervalNanos;
    private final Queue<Task> queue = new ConcurrentLinkedQueue<>();
    /** Whoever holds this lock is the writer: the writer thread or a synchronous appender (see submit). */
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread thread;
    private volatile boolean writerParked;
    private volatile boolean stopping;
    private volatile boolean stopped;
    private volatile ChainlogException failure;
    private long lastRetentionNanos = System.nanoTime();
    private volatile long appended;
    private final TimeOrderedUuids uuids = new TimeOrderedUuids();

    GroupCommitWriter(LogStore store, HighWatermark watermark, Retention retention, Checkpointer checkpointer,
                      boolean syncAlways, long retentionIntervalNanos) {
        this.store = store;
        this.checkpointer = checkpointer;
        this.watermark = watermark;
        this.retention = retention;
        this.syncAlways = syncAlways;
        this.retentionIntervalNanos = retentionIntervalNanos;
        this.thread = new Thread(this::run, "chainlog-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    long appended() {
        return appended;
    }

    // ---------------------------------------------------------------- submission (caller threads)

    /**
     * Queues an append. With {@code callerRuns} (a synchronous append) the calling thread becomes the writer if
     * no commit is in progress, and writes the queued group itself: a lone appender then pays no thread hand-off.
     * Otherwise the writer thread, or the thread currently committing, takes it with the next group.
     */
    CompletableFuture<List<Entry>> submit(AppendRequest request, boolean sync, boolean callerRuns,
                                          FailFastPipeline pipeline, long indexInPipeline) {
        Append task = new Append(request, sync, pipeline, indexInPipeline);
        if (enqueue(task)) {
            if (callerRuns) {
                leadUntilDone(task.future);
            } else {
                wakeWriterThread();
            }
        }
        return task.future;
    }

    /** Runs {@code action} as the writer, between commit groups. */
    <T> CompletableFuture<T> control(Callable<T> action) {
        Control<T> task = new Control<>(action);
        if (enqueue(task)) {
            leadUntilDone(task.future);
        }
        return task.future;
    }

    private boolean enqueue(Task task) {
        ChainlogException f = failure;
        if (f != null) {
            task.fail(f);
            return false;
        }
        queue.add(task);
        return true;
    }

    /**
     * Becomes the writer if the lock is free and writes groups until {@code mine} is done. If the lock is taken,
     * its holder sees the queued task: a holder always looks at the queue after unlocking and wakes the writer
     * thread for whatever is left, so nothing queued is ever stranded.
     *
     * <p>A group's futures are completed after the writer role is handed back: waking the waiters (one futex call
     * each) then overlaps the next group's write instead of delaying it.
     */
    private void leadUntilDone(CompletableFuture<?> mine) {
        while (!mine.isDone() && lock.tryLock()) {
            Completions written;
            try {
                if (stopped) {
                    failQueued();
                    break;
                }
                written = writeNextGroup();
            } catch (Throwable t) {
                fatal(t);
                break;
            } finally {
                lock.unlock();
            }
            if (written == null) {
                break; // queue empty: `mine` is in a group another thread has written and is completing
            }
            written.run();
        }
        if (!queue.isEmpty()) {
            wakeWriterThread();
        }
    }

    private void wakeWriterThread() {
        if (writerParked) {
            LockSupport.unpark(thread);
        }
    }

    /** Writes everything queued, then stops; later tasks fail as closed. */
    void stopAndJoin() {
        stopping = true;
        if (!thread.isAlive()) {
            lock.lock();
            try {
                stopped = true;
                failQueued();
            } finally {
                lock.unlock();
            }
            return;
        }
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the writer thread

    /**
     * Writes what asynchronous appenders queue, and runs the retention timer. Parks when there is nothing to do;
     * {@code writerParked} is set before the last look at the queue, so an appender either sees it parked and
     * wakes it, or the look sees the appender's task.
     */
    private void run() {
        while (true) {
            writerParked = true;
            if (queue.isEmpty() && !stopping) {
                LockSupport.parkNanos(this, retentionIntervalNanos);
            }
            writerParked = false;
            Completions written;
            do {
                lock.lock();
                try {
                    written = writeNextGroup();
                    if (written == null) {
                        if (stopping) {
                            stopped = true;
                            failQueued();
                            return;
                        }
                        maybeCut(false);
                    }
                } catch (Throwable t) {
                    fatal(t);
                    written = null;
                } finally {
                    lock.unlock();
                }
                if (written != null) {
                    written.run();
                }
            } while (written != null);
        }
    }

    /**
     * Takes up to {@link #MAX_GROUP} queued tasks and writes them. Returns the completions of their futures, to be
     * run after the writer role is released, or null when the queue was empty.
     */
    private Completions writeNextGroup() {
        List<Task> group = new ArrayList<>();
        Task t;
        while (group.size() < MAX_GROUP && (t = queue.poll()) != null) {
            group.add(t);
        }
        if (group.isEmpty()) {
            return null;
        }
        try {
            return processGroup(group);
        } catch (Throwable e) {
            for (Task task : group) {
                task.fail(new StorageException("the log's writer failed: " + e, e));
            }
            throw e;
        }
    }

    /** The committed groups whose futures are still to be completed (outside the writer role). */
    private static final class Completions implements Runnable {
        private final List<GroupBuilder> groups = new ArrayList<>(1);

        void add(GroupBuilder committed) {
            if (committed != null) {
                groups.add(committed);
            }
        }

        @Override
        public void run() {
            for (GroupBuilder g : groups) {
                g.complete();
            }
        }
    }

    private void fatal(Throwable t) {
        LOG.error("chainlog writer failed; the log refuses further appends until reopened", t);
        failure = new StorageException("the log's writer failed: " + t, t);
        failQueued();
    }

    private Completions processGroup(List<Task> group) {
        Completions completions = new Completions();
        List<Append> appends = new ArrayList<>();
        try {
            for (Task task : group) {
                if (task instanceof Append a) {
                    appends.add(a);
                } else if (task instanceof Control<?> c) {
                    completions.add(commitAppends(appends));
                    appends.clear();
                    c.runNow();
                }
            }
            // No separate retention pass here: commitAppends folds a due cut into the group's own batch, and the
            // writer thread's timer covers idle logs, so the hot path computes the visible start once per group.
            completions.add(commitAppends(appends));
            return completions;
        } catch (Throwable t) {
            completions.run(); // what was committed before the failure is acknowledged; the caller fails the rest
            throw t;
        }
    }

    /**
     * Decides, chains and writes {@code appends} as one commit and publishes the new head. Returns the group, whose
     * futures the caller completes once it has released the writer role (null when nothing is left to complete).
     * Requests that fail are failed here.
     */
    private GroupBuilder commitAppends(List<Append> appends) {
        if (appends.isEmpty()) {
            return null;
        }
        if (failure != null) {
            appends.forEach(a -> a.fail(failure));
            return null;
        }
        LogMeta base = watermark.meta();
        long visibleStart = retention.visibleStart(base);
        GroupBuilder gb = new GroupBuilder(base, retention.nowMicros());
        for (Append a : appends) {
            try {
                gb.decide(a, visibleStart);
            } catch (ChainlogException e) {
                a.fail(e);
            }
        }
        if (gb.entries.isEmpty()) {
            return gb; // only replays and idempotent retries
        }
        LogMeta next = base.withHead(gb.nextSeq - 1, gb.prev, gb.ts);
        long cut = dueCut(next, false);
        if (cut > 0) {
            next = next.withLogStart(cut, gb.hashOf(cut - 1));
        }
        try {
            store.commit(new CommitBatch(gb.entries, cut, next, checkpointer.notesFor(next, cut > 0, gb.ts)),
                    gb.sync || syncAlways);
        } catch (RuntimeException e) {
            checkpointer.aborted();
            StorageException failed = onFailedCommit(base, e, gb.accepted);
            gb.accepted.clear();
            gb.failReplays(failed); // now, as the writer: a pipeline must see it before its next request is decided
            return gb;
        }
        watermark.publish(next);
        checkpointer.committed();
        appended += gb.entries.size();
        return gb;
    }

    /**
     * Decides whether the stored start should move now. The maxEntries bound is cut once the stored excess
     * reaches the retention slack; the ttl is cut at most once per retention interval (or when forced).
     */
    private long dueCut(LogMeta next, boolean force) {
        if (!retention.enabled()) {
            return 0;
        }
        long target = retention.visibleStart(next);
        if (target <= next.logStartSeq()) {
            return 0;
        }
        long now = System.nanoTime();
        boolean intervalDue = now - lastRetentionNanos >= retentionIntervalNanos;
        long slack = retention.cutSlack();
        boolean boundDue = slack > 0 && target - next.logStartSeq() >= slack;
        if (!force && !intervalDue && !boundDue) {
            return 0;
        }
        lastRetentionNanos = now;
        return target;
    }

    /** A retention cut outside an append (timer, applyRetention, close). Runs on the writer thread. */
    long maybeCut(boolean force) {
        if (failure != null) {
            return watermark.meta().logStartSeq();
        }
        LogMeta meta = watermark.meta();
        long cut = dueCut(meta, force);
        if (cut > 0) {
            cutTo(meta, cut);
        } else if (checkpointer.dueByTime(meta, retention.nowMicros())) {
            store.commit(new CommitBatch(List.of(), 0, meta, checkpointer.notesFor(meta, false, retention.nowMicros())), false);
            checkpointer.committed();
        }
        return watermark.meta().logStartSeq();
    }

    /** Removes every stored entry below {@code newStart}. Runs on the writer thread. */
    void cutTo(LogMeta meta, long newStart) {
        byte[] anchor = newStart - 1 == meta.headSeq() ? meta.headHash() : storedHash(newStart - 1);
        LogMeta next = meta.withLogStart(newStart, anchor);
        try {
            store.commit(new CommitBatch(List.of(), newStart, next, checkpointer.notesFor(next, true, retention.nowMicros())), false);
        } catch (RuntimeException e) {
            checkpointer.aborted();
            throw e;
        }
        watermark.publish(next);
        checkpointer.committed();
        LOG.debug("retention cut: logStartSeq {} -> {}", meta.logStartSeq(), newStart);
    }

    private byte[] storedHash(long seq) {
        byte[] sum = store.checksum(seq);
        if (sum != null) {
            return sum;
        }
        byte[] value = store.value(seq);
        // Damage (which verify reports) must not stop retention; zeros mark an unknown anchor.
        return value == null ? Hashes.zero() : Hashes.sha256(value);
    }

    /** Fails the group's accepted appends with the write's failure, which it returns. */
    private StorageException onFailedCommit(LogMeta base, RuntimeException e, List<Append> accepted) {
        StorageException failed = e instanceof StorageException se ? se
                : new StorageException("write failed: " + e.getMessage(), e);
        accepted.forEach(a -> a.fail(failed));
        LogMeta now;
        try {
            now = store.readMeta();
        } catch (RuntimeException readError) {
            now = null;
        }
        if (!base.equals(now)) {
            failure = new StorageException("a write failed and the log's state could not be confirmed afterwards; "
                    + "close and reopen the log to recover: " + e.getMessage(), e);
            LOG.error("chainlog write failed with an unknown outcome; refusing further appends", e);
        } else {
            LOG.warn("chainlog write failed; nothing was written: {}", e.toString());
        }
        return failed;
    }

    private void failQueued() {
        Task t;
        while ((t = queue.poll()) != null) {
            t.fail(failure != null ? failure : new LogClosedException("the log is closed"));
        }
    }

    // ---------------------------------------------------------------- one commit group

    /** Builds the entries of one group on top of {@code base}; nothing here touches the published state. */
    private final class GroupBuilder {
        final List<NewEntry> entries = new ArrayList<>();
        final List<Append> accepted = new ArrayList<>();
        final List<Append> replays = new ArrayList<>();
        final Map<String, Append> requestsInGroup = new HashMap<>();
        final Set<String> uuidsInGroup = new HashSet<>();
        final LogMeta base;
        final long firstSeq;
        long nextSeq;
        byte[] prev;
        final long ts;
        boolean sync;

        GroupBuilder(LogMeta base, long nowMicros) {
            this.base = base;
            this.firstSeq = base.headSeq() + 1;
            this.nextSeq = firstSeq;
            this.prev = base.headHash();
            this.ts = Math.max(nowMicros, base.headTs()); // ts never decreases, even if the clock steps back
        }

        void decide(Append a, long visibleStart) {
            ChainlogException earlier = a.pipeline == null ? null : a.pipeline.failedBefore(a.indexInPipeline);
            if (earlier != null) {
                throw new AppendAbortedException(earlier);
            }
            AppendRequest r = a.request;
            if (r.requestId() != null) {
                Append twin = requestsInGroup.get(r.requestId());
                if (twin != null) {
                    if (!twin.sameBody(a)) {
                        throw new RequestIdConflictException(r.requestId(), "is already used, in this commit group, "
                                + "by a request with a different body");
                    }
                    a.replayOf = twin;
                    replays.add(a);
                    return;
                }
                List<Entry> existing = findApplied(a, visibleStart);
                if (existing != null) {
                    a.future.complete(existing);
                    return;
                }
            }
            if (nextSeq - 1 > EntryCodec.MAX_SEQ - r.events().size()) {
                throw new StorageException("the log has reached its last seq (" + EntryCodec.MAX_SEQ + "); start a new log");
            }
            checkUuids(r, base.logStartSeq());
            List<Entry> made = new ArrayList<>(r.events().size());
            for (Event e : r.events()) {
                long seq = nextSeq++;
                String uuid = e.uuid() != null ? e.uuid() : uuids.next(ts).toString();
                byte[] value = EntryCodec.encodeValue(seq, prev, ts, e.encoded(), a.requestIdField,
                        EntryCodec.stringField("uuid", uuid));
                byte[] hash = Hashes.sha256(value);
                entries.add(new NewEntry(seq, value, hash, uuid, r.requestId(), e.source()));
                made.add(Entry.of(seq, value, hash));
                prev = hash;
            }
            a.entries = made;
            sync |= a.sync;
            accepted.add(a);
            if (r.requestId() != null) {
                requestsInGroup.put(r.requestId(), a);
            }
        }

        /** The entries a retry of this request id should get back, or null when the id is new (or forgotten). */
        private List<Entry> findApplied(Append a, long visibleStart) {
            String id = a.request.requestId();
            // Only the retained seqs count. An earlier application of this id was wholly pruned before the id could
            // be applied again (it is forgotten with its entries), so the retained seqs are all from the latest one.
            long[] seqs = java.util.Arrays.stream(store.seqsOfRequest(id)).filter(s -> s >= visibleStart).toArray();
            if (seqs.length == 0) {
                return null; // never applied, or applied and pruned: the id is forgotten with its entries
            }
            int expected = a.request.events().size();
            String range = "seqs " + seqs[0] + ".." + seqs[seqs.length - 1];
            if (seqs.length < expected && seqs[0] == visibleStart) {
                throw new RequestIdConflictException(id, "was applied at " + range
                        + " and earlier seqs that retention has pruned; the original result cannot be returned");
            }
            if (seqs.length != expected) {
                throw new RequestIdConflictException(id, "was applied at " + range + " with " + seqs.length
                        + " event(s); this request has " + expected);
            }
            List<Entry> found = new ArrayList<>(seqs.length);
            for (int i = 0; i < seqs.length; i++) {
                Event e = a.request.events().get(i);
                byte[] value = store.value(seqs[i]);
                byte[] uuidField = e.uuid() == null ? null : EntryCodec.stringField("uuid", e.uuid());
                if (value == null || !EntryCodec.sameEvent(value, e.encoded(), a.requestIdField, uuidField)) {
                    throw new RequestIdConflictException(id, "was applied at " + range + " to a different body "
                            + "(event " + i + " differs in kind, source, uuid, meta or payload)");
                }
                found.add(Entry.of(seqs[i], value, Hashes.sha256(value)));
            }
            return found;
        }

        private void checkUuids(AppendRequest r, long storedStart) {
            Set<String> mine = new HashSet<>();
            for (Event e : r.events()) {
                String u = e.uuid();
                if (u == null) {
                    continue;
                }
                if (!mine.add(u)) {
                    throw new DuplicateUuidException(u, "twice in this batch");
                }
                if (uuidsInGroup.contains(u)) {
                    throw new DuplicateUuidException(u, "by an append committed together with this one");
                }
                // Taken while its entry is still stored (not merely visible): so a stored entry's uuid is always
                // indexed to it, and a retention cut may drop the index keys of the entries it removes unread.
                long seq = store.seqOfUuid(u);
                if (seq >= storedStart && seq > 0 && store.value(seq) != null) {
                    throw new DuplicateUuidException(u, "by the entry at seq " + seq);
                }
            }
            uuidsInGroup.addAll(mine);
        }

        byte[] hashOf(long seq) {
            if (seq < firstSeq) {
                return storedHash(seq);
            }
            return entries.get((int) (seq - firstSeq)).hash();
        }

        void complete() {
            for (Append a : accepted) {
                a.future.complete(a.entries);
            }
            completeReplays();
        }

        void completeReplays() {
            for (Append a : replays) {
                if (a.replayOf.entries != null && a.replayOf.future.isDone() && !a.replayOf.future.isCompletedExceptionally()) {
                    a.future.complete(a.replayOf.entries);
                } else {
                    a.replayOf.future.whenComplete((v, err) -> {
                        if (err != null) {
                            a.fail(err instanceof ChainlogException c ? c : new StorageException("append failed: " + err, err));
                        } else {
                            a.future.complete(v);
                        }
                    });
                }
            }
        }

        /** After a failed commit: every replay followed a twin that was in it, so each fails as its twin did. */
        void failReplays(StorageException failed) {
            replays.forEach(a -> a.fail(failed));
            replays.clear();
        }
    }

    // ---------------------------------------------------------------- tasks

    private sealed interface Task permits Append, Control {
        void fail(ChainlogException e);
    }

    private static final class Append implements Task {
        final AppendRequest request;
        final boolean sync;
        /** Null unless submitted through a pipeline, where a failure of an earlier request aborts this append. */
        final FailFastPipeline pipeline;
        final long indexInPipeline;
        final byte[] requestIdField;
        final CompletableFuture<List<Entry>> future = new CompletableFuture<>();
        List<Entry> entries;
        Append replayOf;

        Append(AppendRequest request, boolean sync, FailFastPipeline pipeline, long indexInPipeline) {
            this.request = request;
            this.sync = sync;
            this.pipeline = pipeline;
            this.indexInPipeline = indexInPipeline;
            this.requestIdField = request.requestId() == null ? null : EntryCodec.stringField("reqId", request.requestId());
        }

        /** Same events (kind, source, caller uuid, meta, payload) in the same order. */
        boolean sameBody(Append other) {
            List<Event> mine = request.events();
            List<Event> theirs = other.request.events();
            if (mine.size() != theirs.size()) {
                return false;
            }
            for (int i = 0; i < mine.size(); i++) {
                Event a = mine.get(i);
                Event b = theirs.get(i);
                if (!a.kind().equals(b.kind()) || !java.util.Objects.equals(a.source(), b.source())
                        || !java.util.Objects.equals(a.uuid(), b.uuid()) || !a.meta().equals(b.meta())
                        || !a.payloadJson().equals(b.payloadJson())) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Fails this append, recording the failure in its pipeline first (before the writer decides the next). An
         * append already completed (committed and acknowledged) is not failed afterwards.
         */
        @Override
        public void fail(ChainlogException e) {
            if (future.isDone()) {
                return;
            }
            if (pipeline != null) {
                pipeline.failed(indexInPipeline, e);
            }
            future.completeExceptionally(e);
        }
    }

    private static final class Control<T> implements Task {
        final Callable<T> action;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Control(Callable<T> action) {
            this.action = action;
        }

        void runNow() {
            try {
                future.complete(action.call());
            } catch (Exception e) {
                future.completeExceptionally(e);
            }
        }

        @Override
        public void fail(ChainlogException e) {
            future.completeExceptionally(e);
        }
    }
}
