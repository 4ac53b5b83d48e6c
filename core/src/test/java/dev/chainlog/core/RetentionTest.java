package dev.chainlog.core;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Event;
import dev.chainlog.contract.MutableClock;
import dev.chainlog.memory.MemoryTamperer;
import dev.chainlog.store.CommitBatch;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.NewEntry;
import dev.chainlog.store.PreparedCut;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The visible log start (docs/DESIGN.md: Retention): exact at every read for maxEntries and ttl, only ever moving
 * forward, past damaged entries, and cheap to carry forward within a commit group.
 */
class RetentionTest {
    private static final long SECOND = 1_000_000;

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(100));
    private final WatchedStore store = WatchedStore.withEntries(0);

    /** Entries 1..n with ts = seq seconds, committed to the store. */
    private LogMeta entriesAtOnePerSecond(int n) {
        LogMeta meta = store.readMeta();
        EntryChain chain = new EntryChain();
        List<NewEntry> stored = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            chain.begin(meta.headSeq(), meta.headHash(), meta.headTs(), i * SECOND);
            stored.clear();
            chain.chain(AppendRequest.of(Event.of("e" + i)), null, stored);
            meta = meta.withHead(chain.nextSeq() - 1, chain.prev(), chain.ts());
            store.seed(stored, meta);
        }
        return meta;
    }

    @Test
    void withoutLimitsEverythingIsVisible() {
        LogMeta meta = entriesAtOnePerSecond(10);
        Retention r = new Retention(null, 0, clock, store);
        assertFalse(r.enabled());
        assertEquals(1, r.visibleStart(meta));
        assertEquals(0, r.cutSlack());
    }

    @Test
    void maxEntriesKeepsTheNewestN() {
        LogMeta meta = entriesAtOnePerSecond(10);
        Retention r = new Retention(null, 3, clock, store);
        assertTrue(r.enabled());
        assertEquals(8, r.visibleStart(meta));
        assertEquals(9, r.startAfter(8, 11), "the bound moves with the head, without a store read");
        assertEquals(1, r.cutSlack());
    }

    @Test
    void ttlHidesExactlyTheEntriesOlderThanIt() {
        LogMeta meta = entriesAtOnePerSecond(10);
        Retention r = new Retention(Duration.ofSeconds(4), 0, clock, store);
        clock.set(Instant.ofEpochSecond(10));
        assertEquals(6, r.visibleStart(meta), "cutoff 6 s: entries at 6..10 s stay");
        clock.set(Instant.ofEpochSecond(10, 500_000_000));
        assertEquals(7, r.visibleStart(meta));
        clock.set(Instant.ofEpochSecond(15));
        assertEquals(11, r.visibleStart(meta), "all expired: the start is just past the head");
        assertEquals(11, r.startAfter(11, 10));
    }

    @Test
    void theVisibleStartNeverMovesBackWhenTheClockSteps() {
        LogMeta meta = entriesAtOnePerSecond(10);
        Retention r = new Retention(Duration.ofSeconds(4), 0, clock, store);
        clock.set(Instant.ofEpochSecond(12));
        assertEquals(8, r.visibleStart(meta));
        clock.set(Instant.ofEpochSecond(1)); // NTP stepped back
        assertEquals(8, r.visibleStart(meta));
    }

    @Test
    void theStoredStartIsAFloor() {
        LogMeta meta = entriesAtOnePerSecond(10);
        try (PreparedCut cut = TestCuts.prepare(store, 5)) {
            store.commit(new CommitBatch(List.of(), cut, meta.withLogStart(5, new byte[32]), Map.of()), false);
        }
        Retention r = new Retention(null, 100, clock, store);
        assertEquals(5, r.visibleStart(store.readMeta()));
    }

    @Test
    void aDamagedEntryDoesNotStallTheTtlCut() {
        LogMeta meta = entriesAtOnePerSecond(10);
        // the entries the binary search looks at first hold no readable value, or none at all
        MemoryTamperer tamperer = new MemoryTamperer(store.store);
        tamperer.putValue(5, "{not json".getBytes(StandardCharsets.UTF_8));
        tamperer.delete(6, true);
        Retention r = new Retention(Duration.ofSeconds(4), 0, clock, store);
        clock.set(Instant.ofEpochSecond(12));
        assertEquals(8, r.visibleStart(meta), "cutoff 8 s, found past the damaged 5 and 6");
    }

    @Test
    void theSlackIsAnEighthOfMaxEntriesAndAtMostTenThousand() {
        assertEquals(125, new Retention(null, 1000, clock, store).cutSlack());
        assertEquals(10_000, new Retention(null, 10_000_000, clock, store).cutSlack());
        assertEquals(0, new Retention(Duration.ofDays(1), 0, clock, store).cutSlack());
    }

    @Test
    void anEnormousTtlSaturatesInsteadOfOverflowing() {
        LogMeta meta = entriesAtOnePerSecond(3);
        Retention r = new Retention(Duration.ofSeconds(Long.MAX_VALUE), 0, clock, store);
        assertEquals(1, r.visibleStart(meta));
    }
}
