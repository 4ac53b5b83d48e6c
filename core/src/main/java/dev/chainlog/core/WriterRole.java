package dev.chainlog.core;

import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.StorageException;
import dev.chainlog.store.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writer role (docs/DESIGN.md: Single writer): whoever holds {@code lock} is the one thread that writes the
 * log — the writer thread, or a synchronous appender that found no commit in progress and writes the queue itself,
 * so a lone appender pays no thread hand-off (as in RocksDB's own write-group leader). Exactly one at a time, so
 * what the role runs ({@link Groups}) needs no other synchronisation.
 *
 * <p>Callers queue tasks; the holder takes up to {@link #MAX_GROUP} of them at a time, in queue order, as one group.
 * What the group's writing returns (completing its futures, handing checkpoints to the listener) runs after the role
 * is released: waking waiters then overlaps the next group's write instead of delaying it, and no user code runs
 * under the role (a caller's callbacks on its future, the checkpoint listener) — except when the log closes or its
 * writer fails, when what is still queued is failed at once.
 *
 * <p>Invariant: nothing queued is ever stranded. A holder always looks at the queue after unlocking and wakes the
 * writer thread for whatever is left; the writer thread sets {@code writerParked} before its last look at the queue,
 * so an appender either sees it parked and wakes it, or that look sees the appender's task. After {@link #stop}
 * every task still queued fails as closed; once the log refuses writes ({@link CommitPoint#failure()}), every new
 * task fails with that cause.
 */
final class WriterRole {
    private static final Logger LOG = LoggerFactory.getLogger(WriterRole.class);
    /** Tasks per group: bounds the batch size and the latency of the first task in it. */
    static final int MAX_GROUP = 1024;

    /** What the role runs. */
    interface Groups {
        /** Writes {@code group} (queue order) as the writer; returns what to run once the role is released. */
        Runnable write(List<Task> group);

        /**
         * The writer thread found the queue empty (it parks for up to {@code idleNanos} next): time-driven work, as
         * the writer; returns what to run once the role is released (or null).
         */
        Runnable idle();
    }

    private final Groups groups;
    private final CommitPoint commitPoint;
    private final long idleNanos;
    private final Queue<Task> queue = new ConcurrentLinkedQueue<>();
    /** Tasks queued and taken, for the queue depth (a metric): adders, so appenders do not contend on one counter. */
    private final java.util.concurrent.atomic.LongAdder queued = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder taken = new java.util.concurrent.atomic.LongAdder();
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread thread;
    private volatile boolean writerParked;
    private volatile boolean stopping;
    private volatile boolean stopped;

    WriterRole(Groups groups, CommitPoint commitPoint, long idleNanos) {
        this.groups = groups;
        this.commitPoint = commitPoint;
        this.idleNanos = idleNanos;
        this.thread = new Thread(this::run, "chainlog-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Queues an append. With {@code callerRuns} (a synchronous append) the calling thread becomes the writer if no
     * commit is in progress, and writes the queued group itself. Otherwise the writer thread, or the thread
     * currently committing, takes it with the next group.
     */
    void submit(Task.Append task, boolean callerRuns) {
        if (enqueue(task)) {
            if (callerRuns) {
                leadUntilDone(task.future);
            } else {
                wakeWriterThread();
            }
        }
    }

    /** Runs {@code task}'s action as the writer, between groups, and waits for it. */
    void control(Task.Control<?> task) {
        if (enqueue(task)) {
            leadUntilDone(task.future);
        }
    }

    private boolean enqueue(Task task) {
        ChainlogException refused = commitPoint.failure();
        if (refused != null) {
            task.fail(refused);
            return false;
        }
        queue.add(task);
        queued.increment();
        if (stopped) {
            failQueued(); // queued after the writer stopped (a close racing this call): nobody would write it
            return false;
        }
        return true;
    }

    /** Becomes the writer while the role is free, writing groups until {@code mine} is done. */
    private void leadUntilDone(java.util.concurrent.CompletableFuture<?> mine) {
        while (!mine.isDone() && lock.tryLock()) {
            Runnable written;
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

    /** Writes everything queued, then stops; later tasks fail as closed. Uninterruptible. */
    void stop() {
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
        Threads.joinUninterruptibly(thread);
    }

    /** The writer thread: writes what asynchronous appenders queue; idle work when nothing comes for a while. */
    private void run() {
        while (true) {
            writerParked = true;
            if (queue.isEmpty() && !stopping) {
                LockSupport.parkNanos(this, idleNanos);
            }
            writerParked = false;
            Runnable written;
            Runnable idleWork = null;
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
                        idleWork = groups.idle();
                    }
                } catch (Throwable t) {
                    fatal(t);
                    written = null;
                } finally {
                    lock.unlock();
                }
                if (written != null) {
                    written.run();
                } else if (idleWork != null) {
                    idleWork.run();
                    idleWork = null;
                }
            } while (written != null);
        }
    }

    /** Takes up to {@link #MAX_GROUP} queued tasks and writes them; null when the queue was empty. */
    private Runnable writeNextGroup() {
        List<Task> group = new ArrayList<>();
        Task t;
        while (group.size() < MAX_GROUP && (t = queue.poll()) != null) {
            group.add(t);
        }
        if (group.isEmpty()) {
            return null;
        }
        taken.add(group.size());
        try {
            return groups.write(group);
        } catch (Throwable e) {
            for (Task task : group) {
                task.fail(new StorageException("the log's writer failed: " + describe(e), e));
            }
            throw e;
        }
    }

    /** The writer failed outside a commit (a bug): the log refuses writes until it is reopened. */
    private void fatal(Throwable t) {
        LOG.error("chainlog writer failed; the log refuses further appends until reopened", t);
        commitPoint.refuseFurtherWrites(new StorageException("the log's writer failed: " + describe(t), t));
        failQueued();
    }

    private static String describe(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Tasks queued and not yet taken by a writer (approximate while both move). */
    long queueDepth() {
        return Math.max(0, queued.sum() - taken.sum());
    }

    private void failQueued() {
        Task t;
        while ((t = queue.poll()) != null) {
            taken.increment();
            ChainlogException refused = commitPoint.failure();
            t.fail(refused != null ? refused : new LogClosedException("the log is closed"));
        }
    }
}
