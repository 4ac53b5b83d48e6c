package dev.chainlog.core;

import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer role (docs/DESIGN.md: Single writer), with a recording stand-in for what it runs: one writer at a time,
 * queue order, bounded groups, completions after the role is released, nothing stranded, and the failure rules.
 */
class WriterRoleTest {
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final WatchedStore store = WatchedStore.withEntries(0);
    private final CommitPoint commitPoint = new CommitPoint(store, new HighWatermark(store.readMeta()),
            new Checkpointer(null, store, 0), new LogTree(store), false);
    private final Recorder recorder = new Recorder();
    private WriterRole role;

    /** Records what the role hands it; completes each append with an empty result once the role is released. */
    private static final class Recorder implements WriterRole.Groups {
        final List<List<Task>> groups = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger writing = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger idles = new AtomicInteger();
        volatile Function<List<Task>, Runnable> afterRelease = group -> () -> group.forEach(Recorder::complete);
        volatile RuntimeException failWith;

        static void complete(Task t) {
            ((Task.Append) t).future.complete(List.of());
        }

        @Override
        public Runnable write(List<Task> group) {
            int now = writing.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                if (failWith != null) {
                    throw failWith;
                }
                groups.add(List.copyOf(group));
                return afterRelease.apply(group);
            } finally {
                writing.decrementAndGet();
            }
        }

        @Override
        public Runnable idle() {
            idles.incrementAndGet();
            return null;
        }
    }

    private WriterRole start() {
        role = new WriterRole(recorder, commitPoint, IDLE_NANOS);
        role.start();
        return role;
    }

    @AfterEach
    void stop() {
        if (role != null) {
            role.stop();
        }
    }

    private static Task.Append task(int i) {
        return AppendGroupTest.append(AppendGroupTest.event("t" + i));
    }

    private static Throwable failure(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get(1, TimeUnit.MINUTES);
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("never completed", e);
        }
    }

    @Test
    void queuedTasksAreWrittenInQueueOrderInBoundedGroups() throws Exception {
        role = new WriterRole(recorder, commitPoint, IDLE_NANOS);
        List<Task.Append> tasks = new ArrayList<>();
        for (int i = 0; i < 2 * WriterRole.MAX_GROUP + 100; i++) {
            Task.Append t = task(i);
            tasks.add(t);
            role.submit(t, false); // the writer thread has not started: they wait in the queue
        }
        role.start();
        CompletableFuture.allOf(tasks.stream().map(t -> t.future).toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);

        assertEquals(List.of(WriterRole.MAX_GROUP, WriterRole.MAX_GROUP, 100),
                recorder.groups.stream().map(List::size).toList());
        assertEquals(tasks, recorder.groups.stream().flatMap(List::stream).toList());
    }

    @Test
    void oneWriterAtATimeAndNothingIsStranded() throws Exception {
        start();
        int threads = 8;
        int each = 2_000;
        List<Task.Append> all = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            boolean callerRuns = t % 2 == 0; // synchronous appenders lead; the others hand off to the writer thread
            submitters.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    Task.Append task = task(i);
                    all.add(task);
                    role.submit(task, callerRuns);
                }
            }, r -> new Thread(r).start()));
        }
        CompletableFuture.allOf(submitters.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
        for (Task.Append t : all) {
            t.future.get(1, TimeUnit.MINUTES);
        }
        assertEquals(1, recorder.mostAtOnce.get(), "never two writers");
        assertEquals(threads * each, recorder.groups.stream().mapToInt(List::size).sum(), "each task written once");
    }

    @Test
    void aCallerThatSubmittedSynchronouslyHasWrittenWhenSubmitReturns() {
        start();
        Task.Append t = task(0);
        role.submit(t, true);
        assertTrue(t.future.isDone(), "the caller led its own group: no hand-off");
    }

    @Test
    void completionsRunAfterTheRoleIsReleased() throws Exception {
        start();
        CountDownLatch completing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Task.Append slow = task(1);
        recorder.afterRelease = group -> () -> {
            completing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            group.forEach(Recorder::complete);
        };
        Thread first = new Thread(() -> role.submit(slow, true));
        first.start();
        assertTrue(completing.await(1, TimeUnit.MINUTES));

        recorder.afterRelease = group -> () -> group.forEach(Recorder::complete);
        Task.Append next = task(2);
        role.submit(next, true); // the role is free although the first group is still completing
        assertTrue(next.future.isDone());
        assertTrue(!slow.future.isDone());
        release.countDown();
        first.join();
        slow.future.get(1, TimeUnit.MINUTES);
    }

    @Test
    void stopWritesWhatIsQueuedAndLaterTasksFailAsClosed() throws Exception {
        start();
        List<Task.Append> queued = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Task.Append t = task(i);
            queued.add(t);
            role.submit(t, false);
        }
        role.stop();
        for (Task.Append t : queued) {
            assertTrue(t.future.isDone() && !t.future.isCompletedExceptionally(), "written before the stop");
        }
        Task.Append late = task(-1);
        role.submit(late, true);
        assertInstanceOf(LogClosedException.class, failure(late.future));
    }

    @Test
    void aFailingWriterFailsItsGroupAndTheLogRefusesLaterWrites() throws Exception {
        start();
        recorder.failWith = new IllegalStateException("a bug in the writer");
        Task.Append t = task(0);
        role.submit(t, true);
        Throwable failed = failure(t.future);
        assertInstanceOf(StorageException.class, failed);
        assertTrue(failed.getMessage().contains("a bug in the writer"), failed.getMessage());
        StorageException refusal = commitPoint.failure();
        assertNotNull(refusal, "what the writer left behind is unknown: the log refuses writes");

        recorder.failWith = null;
        Task.Append later = task(1);
        role.submit(later, false);
        assertSame(refusal, failure(later.future));
        assertThrows(ExecutionException.class, () -> later.future.get());
    }

    @Test
    void aLogRefusingWritesFailsNewTasksWithoutWritingThem() throws Exception {
        start();
        StorageException cause = new StorageException("unknown outcome");
        commitPoint.refuseFurtherWrites(cause);
        Task.Append t = task(0);
        role.submit(t, true);
        assertSame(cause, failure(t.future));
        assertTrue(recorder.groups.isEmpty());
    }

    @Test
    void theWriterThreadDoesIdleWorkWhenNothingComes() throws Exception {
        start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (recorder.idles.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(recorder.idles.get() >= 3, "idle work ran: " + recorder.idles.get());
    }
}
