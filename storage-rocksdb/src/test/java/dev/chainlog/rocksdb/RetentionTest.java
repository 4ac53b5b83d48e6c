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
     * A uuid may be reused once its entry is pruned (the core keeps it taken while the entry is stored, so a cut
     * deletes the uuids of the entries it removes unread); a reuse in the cut's own commit keeps the new mapping.
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
            meta = commit(store, meta, 4, entry(4, "V"));            // reuse and cut in one batch
            assertEquals(4, store.seqOfUuid("V"));
            assertNull(store.value(3));
            assertEquals(4, store.lastStoredSeq());
            assertEquals(meta, store.readMeta());
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
        EventLogConfig cfg = config(dir).clock(clock).ttl(Duration.ofMinutes(30)).retentionInterval(Duration.ofHours(1)).build();
        RocksLogStore store = RocksLogStore.open(cfg);
        Random rnd = new Random(42);
        try (EventLog log = ChainedEventLog.open(store, cfg)) {
            for (int b = 0; b < 20; b++) {
                if (b == 18) {
                    clock.advance(Duration.ofHours(1)); // the first 18,000 entries are now an hour old
                }
                List<Event> batch = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    byte[] noise = new byte[300];
                    rnd.nextBytes(noise); // resists compression, so sizes mean something
                    batch.add(Event.builder("bulk").payload(Map.of("noise", Base64.getEncoder().encodeToString(noise)))
                            .build());
                }
                log.appendBatch(batch);
            }
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
}
