package dev.chainlog.core;

import dev.chainlog.contract.MutableClock;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.PreparedCut;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When and where retention cuts are prepared (docs/DESIGN.md: Retention): off the writer, on their own thread or the
 * caller's, once the stored excess reaches the slack or the interval has passed, never while the log refuses
 * writes, one at a time, and handed to the writer with the stored start they were prepared from.
 */
class RetentionCutsTest {
    private static final long NEVER = Long.MAX_VALUE;

    /** A cut as the writer received it. */
    private record Handed(PreparedCut cut, long preparedFrom, String thread) {
    }

    private final WatchedStore store = WatchedStore.withEntries(100);
    private final LogMeta meta = store.readMeta();
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_000));
    private final AtomicBoolean writesRefused = new AtomicBoolean();
    private final BlockingQueue<Handed> handedToWriter = new LinkedBlockingQueue<>();

    /** A writer that takes every cut and reports it committed (the test closes it). */
    private GroupCommitWriter.CutResult take(PreparedCut cut, long preparedFrom) {
        handedToWriter.add(new Handed(cut, preparedFrom, Thread.currentThread().getName()));
        return new GroupCommitWriter.CutResult(cut.newStart(), false);
    }

    private RetentionCuts cuts(Retention retention, long intervalNanos, RetentionCuts.Committer committer) {
        return new RetentionCuts(store, new LogTree(store), retention, intervalNanos, () -> meta, writesRefused::get, committer);
    }

    private RetentionCuts cuts(Retention retention, long intervalNanos) {
        return cuts(retention, intervalNanos, this::take);
    }

    private Handed nextHandedOver() throws InterruptedException {
        Handed handed = handedToWriter.poll(1, TimeUnit.MINUTES);
        assertNotNull(handed, "a cut was prepared and handed to the writer");
        return handed;
    }

    @Test
    void aCutIsPreparedOffTheWriterOnceTheExcessReachesTheSlack() throws Exception {
        Retention maxEntries = new Retention(null, 80, clock, store); // slack 10
        try (RetentionCuts cuts = cuts(maxEntries, NEVER)) {
            cuts.afterAppend(10, meta); // 9 entries beyond the stored start: below the slack
            cuts.afterAppend(11, meta);
            Handed handed = nextHandedOver();
            try (PreparedCut cut = handed.cut()) {
                assertEquals(11, cut.newStart());
                assertEquals(10, cut.entries());
            }
            assertEquals(1, handed.preparedFrom(), "handed over with the stored start it was prepared from");
            assertEquals("chainlog-retention", handed.thread());
            assertEquals(1, store.preparedCuts.get());
        }
    }

    @Test
    void aTtlCutWaitsForTheIntervalUnlessItIsZero() throws Exception {
        Retention ttl = new Retention(Duration.ofSeconds(1), 0, clock, store);
        try (RetentionCuts hourly = cuts(ttl, TimeUnit.HOURS.toNanos(1))) {
            hourly.afterAppend(50, meta);
            hourly.onTimer(meta);
        }
        assertEquals(0, store.preparedCuts.get(), "not due within the interval");
        try (RetentionCuts always = cuts(ttl, 0)) {
            always.onTimer(meta); // every entry's ts is long past the ttl
            try (PreparedCut cut = nextHandedOver().cut()) {
                assertEquals(101, cut.newStart());
            }
        }
    }

    @Test
    void nothingIsPreparedWithoutRetentionOrBelowTheStoredStart() {
        try (RetentionCuts none = cuts(new Retention(null, 0, clock, store), 0)) {
            none.afterAppend(50, meta);
            none.onTimer(meta);
            none.cutOnClose(this::take);
            assertEquals(1, none.cutNow(() -> 1), "nothing is stored below the start: the stored start stays");
        }
        assertEquals(0, store.preparedCuts.get());
    }

    @Test
    void nothingIsPreparedWhileTheLogRefusesWrites() {
        writesRefused.set(true);
        try (RetentionCuts cuts = cuts(new Retention(null, 8, clock, store), 0)) {
            cuts.afterAppend(50, meta);
            cuts.onTimer(meta);
            cuts.cutOnClose(this::take);
        }
        assertEquals(0, store.preparedCuts.get(), "a preparation reads the prefix for a commit that would be refused");
        assertTrue(handedToWriter.isEmpty());
    }

    @Test
    void onePreparationAtATime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inWriter = new CountDownLatch(1);
        Retention maxEntries = new Retention(null, 8, clock, store); // slack 1
        try (RetentionCuts cuts = cuts(maxEntries, 0, (cut, from) -> {
            inWriter.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cut.close();
            return new GroupCommitWriter.CutResult(cut.newStart(), false);
        })) {
            cuts.afterAppend(50, meta);
            assertTrue(inWriter.await(1, TimeUnit.MINUTES));
            cuts.afterAppend(60, meta); // one is in progress: this due check schedules nothing
            release.countDown();
        } // close waits for the preparation in progress
        assertEquals(1, store.preparedCuts.get());
    }

    @Test
    void anExplicitCutWaitsForThePreparationInProgress() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inWriter = new CountDownLatch(1);
        List<Long> committedInOrder = Collections.synchronizedList(new ArrayList<>());
        Retention maxEntries = new Retention(null, 8, clock, store);
        try (RetentionCuts cuts = cuts(maxEntries, 0, (cut, from) -> {
            try (cut) {
                if (cut.newStart() == 50) { // the timer's: held until released
                    inWriter.countDown();
                    release.await();
                }
                committedInOrder.add(cut.newStart());
                return new GroupCommitWriter.CutResult(cut.newStart(), false);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        })) {
            cuts.afterAppend(50, meta);
            assertTrue(inWriter.await(1, TimeUnit.MINUTES));
            Thread explicit = new Thread(() -> cuts.cutNow(() -> 60));
            explicit.start();
            release.countDown();
            explicit.join(TimeUnit.MINUTES.toMillis(1));
        }
        assertEquals(List.of(50L, 60L), committedInOrder, "the explicit cut was prepared after the timer's committed");
    }

    @Test
    void aFailedPreparationIsTriedAgainAtTheNextDueCheck() throws Exception {
        Retention maxEntries = new Retention(null, 8, clock, store);
        store.prepareFails = true;
        try (RetentionCuts cuts = cuts(maxEntries, 0)) {
            cuts.afterAppend(50, meta);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            Handed handed = null;
            while (handed == null && System.nanoTime() < deadline) { // the failed one frees the slot when it ends
                cuts.afterAppend(50, meta);
                handed = handedToWriter.poll(10, TimeUnit.MILLISECONDS);
            }
            assertNotNull(handed);
            assertEquals(50, handed.cut().newStart());
            handed.cut().close();
        }
    }

    @Test
    void afterCloseNoCutIsScheduled() {
        RetentionCuts cuts = cuts(new Retention(null, 8, clock, store), 0);
        cuts.close();
        cuts.afterAppend(50, meta);
        cuts.close();
        assertEquals(0, store.preparedCuts.get());
    }

    @Test
    void anExplicitCutIsPreparedOnTheCallersThread() throws Exception {
        try (RetentionCuts cuts = cuts(new Retention(null, 0, clock, store), NEVER)) {
            assertEquals(30, cuts.cutNow(() -> 30));
            Handed handed = nextHandedOver();
            try (PreparedCut cut = handed.cut()) {
                assertEquals(30, cut.newStart());
                assertEquals(29, cut.entries());
            }
            assertEquals(Thread.currentThread().getName(), handed.thread());
        }
    }

    @Test
    void anExplicitCutDroppedAsStaleIsPreparedAgainForAFreshTarget() {
        AtomicInteger targetsAsked = new AtomicInteger();
        AtomicInteger commits = new AtomicInteger();
        try (RetentionCuts cuts = cuts(new Retention(null, 0, clock, store), NEVER, (cut, from) -> {
            try (cut) {
                boolean stale = commits.incrementAndGet() == 1; // another cut committed meanwhile
                return new GroupCommitWriter.CutResult(stale ? from : cut.newStart(), stale);
            }
        })) {
            assertEquals(40, cuts.cutNow(() -> 30 + 10 * targetsAsked.getAndIncrement()));
        }
        assertEquals(2, targetsAsked.get(), "the target was asked again");
        assertEquals(2, store.preparedCuts.get(), "and the cut prepared again");
    }

    @Test
    void aClosingLogCutsToItsVisibleStartThroughTheClosingThread() throws Exception {
        try (RetentionCuts cuts = cuts(new Retention(null, 80, clock, store), NEVER)) {
            cuts.cutOnClose(this::take);
            Handed handed = nextHandedOver();
            try (PreparedCut cut = handed.cut()) {
                assertEquals(21, cut.newStart(), "the newest 80 of 100 stay");
            }
            assertEquals(1, handed.preparedFrom());
            assertEquals(Thread.currentThread().getName(), handed.thread());
        }
    }
}
