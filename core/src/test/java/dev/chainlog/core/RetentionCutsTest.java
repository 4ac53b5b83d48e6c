package dev.chainlog.core;

import dev.chainlog.contract.MutableClock;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.PreparedCut;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * When and where retention cuts are prepared (docs/DESIGN.md: Retention): off the writer, on their own thread, once
 * the stored excess reaches the slack or the interval has passed, one at a time, and handed to the writer to commit.
 */
class RetentionCutsTest {
    private static final long NEVER = Long.MAX_VALUE;

    private final WatchedStore store = WatchedStore.withEntries(100);
    private final LogMeta meta = store.readMeta();
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_000));
    private final BlockingQueue<PreparedCut> handedToWriter = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> preparedOn = new LinkedBlockingQueue<>();

    private RetentionCuts cuts(Retention retention, long intervalNanos) {
        return new RetentionCuts(store, retention, intervalNanos, cut -> {
            preparedOn.add(Thread.currentThread().getName());
            handedToWriter.add(cut);
        });
    }

    private PreparedCut nextHandedOver() throws InterruptedException {
        PreparedCut cut = handedToWriter.poll(1, TimeUnit.MINUTES);
        assertNotNull(cut, "a cut was prepared and handed to the writer");
        return cut;
    }

    @Test
    void aCutIsPreparedOffTheWriterOnceTheExcessReachesTheSlack() throws Exception {
        Retention maxEntries = new Retention(null, 80, clock, store); // slack 10
        try (RetentionCuts cuts = cuts(maxEntries, NEVER)) {
            cuts.afterAppend(10, meta); // 9 entries beyond the stored start: below the slack
            cuts.afterAppend(11, meta);
            try (PreparedCut cut = nextHandedOver()) {
                assertEquals(11, cut.newStart());
                assertEquals(10, cut.entries());
            }
            assertEquals("chainlog-retention", preparedOn.take());
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
            try (PreparedCut cut = nextHandedOver()) {
                assertEquals(101, cut.newStart());
            }
        }
    }

    @Test
    void nothingIsPreparedWithoutRetentionOrBelowTheStoredStart() {
        try (RetentionCuts none = cuts(new Retention(null, 0, clock, store), 0)) {
            none.afterAppend(50, meta);
            none.onTimer(meta);
            assertNull(none.prepare(1, meta), "nothing is stored below the start");
        }
        assertEquals(0, store.preparedCuts.get());
    }

    @Test
    void onePreparationAtATime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inWriter = new CountDownLatch(1);
        Retention maxEntries = new Retention(null, 8, clock, store); // slack 1
        try (RetentionCuts cuts = new RetentionCuts(store, maxEntries, 0, cut -> {
            inWriter.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cut.close();
        })) {
            cuts.afterAppend(50, meta);
            inWriter.await(1, TimeUnit.MINUTES);
            cuts.afterAppend(60, meta); // one is in progress: this due check schedules nothing
            release.countDown();
        } // close waits for the preparation in progress
        assertEquals(1, store.preparedCuts.get());
    }

    @Test
    void aFailedPreparationIsTriedAgainAtTheNextDueCheck() throws Exception {
        Retention maxEntries = new Retention(null, 8, clock, store);
        store.prepareFails = true;
        try (RetentionCuts cuts = cuts(maxEntries, 0)) {
            cuts.afterAppend(50, meta);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            PreparedCut cut = null;
            while (cut == null && System.nanoTime() < deadline) { // the failed one frees the slot when it ends
                cuts.afterAppend(50, meta);
                cut = handedToWriter.poll(10, TimeUnit.MILLISECONDS);
            }
            assertNotNull(cut);
            assertEquals(50, cut.newStart());
            cut.close();
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
    void anExplicitCutIsPreparedOnTheCallersThread() {
        try (RetentionCuts cuts = cuts(new Retention(null, 0, clock, store), NEVER);
             PreparedCut cut = cuts.prepare(30, meta)) {
            assertEquals(30, cut.newStart());
            assertEquals(29, cut.entries());
        }
    }
}
