package dev.chainlog.rocksdb;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.chain.Hashes;
import dev.chainlog.contract.MutableClock;
import dev.chainlog.contract.TestKit;
import dev.chainlog.core.ChainedEventLog;
import dev.chainlog.store.CommitBatch;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.NewEntry;
import dev.chainlog.store.PreparedCut;
import dev.chainlog.store.RecordCursor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.chainlog.contract.TestKit.all;
import static dev.chainlog.contract.TestKit.assertIntact;
import static dev.chainlog.rocksdb.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention over RocksDB (docs/DESIGN.md: Retention; docs/STORAGE-ROCKSDB.md §4): a prefix cut that reads honour,
 * persists, and that frees disk.
 */
class RetentionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static Event tagged(int i) {
        return Event.builder("test.event").uuid("uuid-" + i).source("src-" + (i % 2)).payload(Map.of("i", i)).build();
    }

    @Test
    void ttlPrunesAPrefixFromEveryReadAndEveryIndexAndItStaysPruned() {
        MutableClock clock = new MutableClock(T0);
        EventLogConfig cfg = config(dir).clock(clock).ttl(Duration.ofMinutes(10)).build();
        RocksLogStore store = RocksLogStore.open(cfg);
        try (EventLog log = ChainedEventLog.open(store, cfg)) {
            for (int i = 1; i <= 30; i++) {
                log.append(AppendRequest.of(tagged(i)).withRequestId("req-" + i));
                clock.advance(Duration.ofMinutes(1));
            }
            // now = T0 + 30 min; entry i has ts T0 + (i-1) min; ttl 10 min keeps ts >= T0 + 20 min: seqs 21..30
            assertEquals(21, log.logStartSeq(), "reads hide expired entries before any cut");
            assertEquals(21, log.applyRetention());
            assertPrunedBelow(log, 21);
            // The cut is physical, in every column family:
            assertNull(store.value(20));
            // ...but for the checksums of the level-0 tree tile the cut falls in (seqs 1..256 here): tree leaf data
            // that outlives the cut (docs/FORMAT.md §9b)
            assertNotNull(store.checksum(20));
            assertEquals(0, store.seqOfUuid("uuid-20"));
            assertEquals(0, store.seqsOfRequest("req-20").length);
            assertEquals(21, store.seqOfUuid("uuid-21"));
            for (long s : store.seqsOfSource("src-0", 0, 100)) {
                assertTrue(s >= 21, "by_source still names pruned seq " + s);
            }
            try (RecordCursor c = store.scan(1, 100)) {
                assertTrue(c.next());
                assertEquals(21, c.seq());
            }
            assertEquals(21, store.readMeta().logStartSeq());
        }
        // Reopened without a ttl: the stored logStartSeq alone keeps the prefix pruned; nothing resurfaces.
        RocksLogStore reopened = RocksLogStore.open(config(dir).build());
        try (EventLog log = ChainedEventLog.open(reopened, config(dir).build())) {
            assertEquals(21, log.logStartSeq());
            assertPrunedBelow(log, 21);
            assertEquals(0, reopened.seqOfUuid("uuid-1"));
            assertEquals(31, log.append(tagged(31)).seq());
        }
    }

    private static void assertPrunedBelow(EventLog log, long start) {
        for (int i = 1; i < start; i++) {
            assertTrue(log.get(i).isEmpty(), "get(" + i + ")");
            assertTrue(log.findByUuid("uuid-" + i).isEmpty(), "findByUuid " + i);
            assertTrue(log.findByRequestId("req-" + i).isEmpty(), "findByRequestId " + i);
        }
        for (String src : List.of("src-0", "src-1")) {
            assertTrue(log.bySource(src, 0, 1000).stream().allMatch(e -> e.seq() >= start), "bySource " + src);
        }
        assertTrue(log.timeRange(T0.minusSeconds(60), T0.plus(Duration.ofDays(1))).stream()
                .allMatch(e -> e.seq() >= start), "timeRange");
        List<Entry> retained = all(log);
        assertEquals(start, retained.get(0).seq());
        IntegrityReport report = log.verify();
        assertIntact(report);
        assertEquals(start, report.logStartSeq());
        assertTrue(report.pruned());
        assertEquals(start, report.firstChecked());
    }

    @Test
    void maxEntriesKeepsTheNewestAndCutsThePrefixInStorage() {
        EventLogConfig cfg = config(dir).maxEntries(100).build();
        RocksLogStore store = RocksLogStore.open(cfg);
        try (EventLog log = ChainedEventLog.open(store, cfg)) {
            for (int i = 0; i < 10; i++) {
                List<Event> batch = new ArrayList<>();
                for (int j = 1; j <= 100; j++) {
                    batch.add(TestKit.event(i * 100 + j));
                }
                log.appendBatch(batch);
            }
            assertEquals(901, log.logStartSeq());
            assertEquals(100, log.stats().count());
            log.applyRetention();
            assertNull(store.value(900));
            assertEquals(1000, store.lastStoredSeq());
            assertEquals(901, store.readMeta().logStartSeq());
            assertIntact(log.verify());
        }
    }

    /**
     * A uuid may be reused once its entry is removed (the core keeps it taken while the entry is stored, so a cut's
     * cleanup deletes the uuids of the entries it removes unread); the newer entry keeps its mapping through later
     * cuts.
     */
    @Test
    void aCutKeepsTheIndexOfANewerEntryThatReusedAPrunedUuid() {
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            LogMeta meta = LogMeta.initial("test");
            meta = commit(store, meta, 0, entry(1, "U"));
            meta = commit(store, meta, 2);                           // cut seq 1: its uuid goes with it
            assertEquals(0, store.seqOfUuid("U"));
            meta = commit(store, meta, 0, entry(2, "U"));            // reused after the cut
            assertEquals(2, store.seqOfUuid("U"));
            meta = commit(store, meta, 0, entry(3, "V"));
            meta = commit(store, meta, 3, entry(4, "W"));            // a cut of seq 2 beside an append
            assertEquals(0, store.seqOfUuid("U"));
            assertEquals(3, store.seqOfUuid("V"));
            assertEquals(4, store.seqOfUuid("W"));
            assertNull(store.value(2));
            assertEquals(4, store.lastStoredSeq());
            assertEquals(meta, store.readMeta());
        }
    }

    /**
     * Until the cleanup has removed a pruned entry, its uuid stays taken (docs/DESIGN.md: Unique uuids), and appends
     * go on while the cleanup of a cut runs: here it is held before its first chunk, {@code applyRetention} waits
     * for it, and the appends beside it are served.
     */
    @Test
    void appendsGoOnWhileACutIsCleanedUpAndAPrunedUuidStaysTakenUntilItsEntryIsRemoved() throws Exception {
        MutableClock clock = new MutableClock(T0);
        EventLogConfig cfg = cutOnlyByHand(clock).build();
        RocksLogStore store = RocksLogStore.open(cfg);
        try (EventLog log = ChainedEventLog.open(store, cfg)) {
            log.append(tagged(1));
            for (int b = 0; b < 20; b++) {
                if (b == 11) {
                    clock.advance(Duration.ofHours(1)); // seqs 1..11,001 are now an hour old
                }
                List<Event> batch = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    batch.add(tagged(2 + b * 1000 + i));
                }
                log.appendBatch(batch);
            }
            java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CompletableFuture<Long> cut = cutWithCleanupHeld(store, log, hold);
            assertEquals(11_002, store.readMeta().logStartSeq());
            assertEquals(1, store.seqOfUuid("uuid-1"), "the cleanup has not run yet");
            for (int i = 0; i < 50; i++) {
                log.append(Event.builder("beside.the.cut").build());
            }
            dev.chainlog.api.DuplicateUuidException taken = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.chainlog.api.DuplicateUuidException.class, () -> log.append(tagged(1)));
            assertTrue(taken.getMessage().contains("pruned"), taken.getMessage());
            assertTrue(!cut.isDone(), "applyRetention waits for the cleanup");
            store.reclaimer().holdCleanupForTest = null;
            hold.countDown();
            assertEquals(11_002, cut.get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertNull(store.value(1));
            assertEquals(0, store.seqOfUuid("uuid-1"));
            assertEquals(20_052, log.append(tagged(1)).seq(), "the uuid is free once its entry is removed");
            assertEquals(20_052, log.findByUuid("uuid-1").orElseThrow().seq());
            for (int i = 2; i < 11_002; i += 1000) {
                assertTrue(log.findByUuid("uuid-" + i).isEmpty(), "findByUuid " + i);
                assertEquals(0, store.seqOfUuid("uuid-" + i), "by_uuid of pruned seq " + i);
            }
            for (String src : List.of("src-0", "src-1")) {
                long[] seqs = store.seqsOfSource(src, 0, 100);
                assertTrue(seqs.length > 0 && seqs[0] >= 11_002, "by_source still names pruned seq " + seqs[0]);
            }
            assertIntact(log.verify());
        }
    }

    private static NewEntry entry(long seq, String uuid) {
        byte[] value = ("{\"seq\":" + seq + ",\"prev\":\"" + "0".repeat(64) + "\",\"ts\":1,\"kind\":\"k\","
                + "\"source\":\"s\",\"reqId\":\"r" + seq + "\",\"uuid\":\"" + uuid + "\",\"payload\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        return new NewEntry(seq, value, Hashes.sha256(value), uuid, "r" + seq, "s");
    }

    private static LogMeta commit(RocksLogStore store, LogMeta meta, long pruneBefore, NewEntry... entries) {
        LogMeta next = meta;
        for (NewEntry e : entries) {
            next = next.withHead(e.seq(), e.hash(), 1);
        }
        if (pruneBefore > next.logStartSeq()) {
            next = next.withLogStart(pruneBefore, Hashes.zero());
        }
        PreparedCut cut = pruneBefore > 0 ? store.prepareCut(pruneBefore, dev.chainlog.tree.CompactRange.empty()) : null;
        store.commit(new CommitBatch(List.of(entries), cut, next, java.util.Map.of()), false);
        store.finishCuts();
        assertArrayEquals(next.headHash(), store.readMeta().headHash());
        if (pruneBefore > 0) {
            for (long s = 1; s < pruneBefore; s++) {
                assertEquals(0, store.seqsOfRequest("r" + s).length, "by_request of pruned seq " + s);
            }
        }
        return next;
    }

    @Test
    void aCutOfNinetyPercentGivesTheDiskSpaceBack() {
        MutableClock clock = new MutableClock(T0);
        // A long retention interval: only applyRetention() cuts, so "before" is measured before any cut (on a slow
        // machine the writer's timer would otherwise cut, and reclaim, while the batches are still being written).
        EventLogConfig cfg = cutOnlyByHand(clock).build();
        RocksLogStore store = RocksLogStore.open(cfg);
        try (EventLog log = ChainedEventLog.open(store, cfg)) {
            fillNoisy(log, clock);
            store.flush();
            long before = TestLogs.folderSize(dir);
            assertEquals(18_001, log.applyRetention());
            store.reclaimSpaceNow();
            long after = TestLogs.folderSize(dir);
            assertTrue(after < before / 3, "folder " + before + " bytes before the cut, " + after + " after");
            long reclaimed = log.stats().reclaimedBytes();
            assertTrue(reclaimed > (before - after) / 2 && reclaimed <= before, "the stats count what was given back: "
                    + reclaimed + " of " + (before - after) + " bytes the folder shrank by");
            assertEquals(2000, all(log).size());
            assertIntact(log.verify());
        }
    }

    /** A log whose ttl (30 minutes) only {@code applyRetention()} applies: the writer's timer waits an hour. */
    private EventLogConfig.Builder cutOnlyByHand(MutableClock clock) {
        return config(dir).clock(clock).ttl(Duration.ofMinutes(30)).retentionInterval(Duration.ofHours(1));
    }

    /**
     * Holds the store's cleanup before its first chunk (until {@code hold} opens, or the store closes), runs
     * {@code applyRetention()} on another thread and returns once the cut's commit is stored.
     */
    private static java.util.concurrent.CompletableFuture<Long> cutWithCleanupHeld(
            RocksLogStore store, EventLog log, java.util.concurrent.CountDownLatch hold) throws InterruptedException {
        store.reclaimer().holdCleanupForTest = hold;
        java.util.concurrent.CompletableFuture<Long> cut = java.util.concurrent.CompletableFuture.supplyAsync(
                log::applyRetention);
        while (store.readMeta().logStartSeq() == 1) {
            Thread.sleep(5); // the cut's commit
        }
        return cut;
    }

    /** 20,000 entries of 300 random bytes each (they resist compression, so sizes mean something). */
    private static void fillNoisy(EventLog log, MutableClock clock) {
        Random rnd = new Random(42);
        for (int b = 0; b < 20; b++) {
            if (b == 18) {
                clock.advance(Duration.ofHours(1)); // the first 18,000 entries are now an hour old
            }
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                byte[] noise = new byte[300];
                rnd.nextBytes(noise);
                batch.add(Event.builder("bulk").uuid("u-" + (b * 1000 + i + 1))
                        .payload(Map.of("noise", Base64.getEncoder().encodeToString(noise))).build());
            }
            log.appendBatch(batch);
        }
    }

    /** Waits (up to a minute) until the store has nothing left to reclaim. */
    private static void awaitReclaimed(RocksLogStore store) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (store.reclaimPending() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(!store.reclaimPending(), "the reclaim is still pending after a minute");
    }

    /**
     * The space of a cut whose process closed before giving it back comes back in the next process that opens the
     * log for writing: the reclaim mark is durable, and a close leaves it for the next writer.
     */
    @Test
    void aCutClosedBeforeItsSpaceCameBackIsReclaimedByTheNextWriter() throws Exception {
        MutableClock clock = new MutableClock(T0);
        EventLogConfig.Builder settings = cutOnlyByHand(clock);
        EventLogConfig later = settings.build().toBuilder().reclaimInBackground(false).build();
        long before;
        RocksLogStore store = RocksLogStore.open(later);
        try (EventLog log = ChainedEventLog.open(store, later)) {
            fillNoisy(log, clock);
            store.flush();
            before = TestLogs.folderSize(dir);
            assertEquals(18_001, log.applyRetention());
            assertNull(store.value(18_000), "applyRetention returns once the entries are removed");
            assertTrue(store.reclaimPending(), "nothing compacts in this process");
        }
        store = RocksLogStore.open(later);
        try (EventLog log = ChainedEventLog.open(store, later)) {
            assertTrue(store.reclaimPending(), "the close left the reclaim to the next writer");
            assertEquals(0, log.stats().reclaimedBytes(), "a writer with reclaimInBackground off gives nothing back");
        }
        EventLogConfig cfg = settings.build();
        store = RocksLogStore.open(cfg);
        try (EventLog log = ChainedEventLog.open(store, cfg)) {
            awaitReclaimed(store);
            long after = TestLogs.folderSize(dir);
            assertTrue(after < before / 3, "folder " + before + " bytes before the cut, " + after + " after");
            assertTrue(log.stats().reclaimedBytes() > 0);
            assertEquals(2000, all(log).size());
            assertIntact(log.verify());
        }
    }

    /**
     * A cut whose cleanup a close interrupted (here: held before its first chunk) is finished by the next writer:
     * the pruned entries and their index keys go, and nothing else.
     */
    @Test
    void aCleanupAClosedInterruptedIsFinishedByTheNextWriter() throws Exception {
        MutableClock clock = new MutableClock(T0);
        EventLogConfig cfg = cutOnlyByHand(clock).build();
        RocksLogStore store = RocksLogStore.open(cfg);
        EventLog log = ChainedEventLog.open(store, cfg);
        fillNoisy(log, clock);
        java.util.concurrent.CompletableFuture<Long> cut = cutWithCleanupHeld(store, log,
                new java.util.concurrent.CountDownLatch(1));
        log.close();
        cut.get(60, java.util.concurrent.TimeUnit.SECONDS); // a close ends the wait: the next writer finishes
        store = RocksLogStore.open(cfg);
        try (EventLog reopened = ChainedEventLog.open(store, cfg)) {
            store.finishCuts();
            assertNull(store.value(1));
            assertNull(store.value(18_000));
            assertEquals(0, store.seqOfUuid("u-1"));
            assertEquals(0, store.seqOfUuid("u-18000"));
            assertEquals(18_001, store.seqOfUuid("u-18001"));
            assertEquals(18_001, reopened.findByUuid("u-18001").orElseThrow().seq());
            assertEquals(20_001, reopened.append(Event.builder("bulk").uuid("u-1").build()).seq());
            assertEquals(20_001, reopened.findByUuid("u-1").orElseThrow().seq());
            assertEquals(2001, all(reopened).size());
            assertIntact(reopened.verify());
        }
    }
}
