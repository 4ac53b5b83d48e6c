package dev.chainlog.rocksdb;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.RequestIdConflictException;
import dev.chainlog.contract.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.chainlog.contract.TestKit.all;
import static dev.chainlog.contract.TestKit.appendN;
import static dev.chainlog.contract.TestKit.assertChained;
import static dev.chainlog.contract.TestKit.assertIntact;
import static dev.chainlog.rocksdb.TestLogs.config;
import static dev.chainlog.contract.TestKit.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A log survives close and reopen: same head, same entries, numbering and the chain continue
 * (docs/DESIGN.md: Sequence, Idempotency, Retention).
 */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void reopenKeepsTheHeadAndAppendsContinueTheChain() {
        List<Entry> before = new ArrayList<>();
        Head head;
        try (EventLog log = TestLogs.open(dir)) {
            assertEquals("rocksdb", log.stats().backend());
            before.addAll(appendN(log, 1, 50));
            before.addAll(log.appendBatch(List.of(event(51), event(52), event(53))));
            head = log.head();
        }
        try (EventLog log = TestLogs.open(dir)) {
            assertEquals(head, log.head());
            assertEquals(before, all(log));
            assertEquals(before.get(7).json(), log.get(8).orElseThrow().json());
            Entry next = log.append(event(54));
            assertEquals(54, next.seq());
            assertEquals(head.hash(), next.prev());
            assertChained(all(log));
            assertIntact(log.verify());
        }
    }

    @Test
    void anEmptyLogReopensEmpty() {
        try (EventLog log = TestLogs.open(dir)) {
            assertEquals(0, log.head().seq());
        }
        try (EventLog log = TestLogs.open(dir)) {
            assertEquals(0, log.head().seq());
            assertEquals(1, log.append(event(1)).seq());
        }
    }

    @Test
    void numberingContinuesAfterRetentionPrunedEverything() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        Head head;
        try (EventLog log = EventLogs.open(config(dir).clock(clock).ttl(Duration.ofMinutes(5)).build())) {
            appendN(log, 1, 20);
            head = log.head();
            clock.advance(Duration.ofHours(1));
            assertEquals(21, log.applyRetention());
        }
        try (EventLog log = EventLogs.open(config(dir).clock(clock).ttl(Duration.ofMinutes(5)).build())) {
            assertEquals(head, log.head());
            assertEquals(21, log.logStartSeq());
            assertTrue(all(log).isEmpty());
            Entry next = log.append(event(21));
            assertEquals(21, next.seq());
            assertEquals(head.hash(), next.prev());
            IntegrityReport report = log.verify();
            assertIntact(report);
            assertEquals(21, report.logStartSeq());
            assertEquals(1, report.checked());
        }
    }

    @Test
    void numberingContinuesAfterClear() {
        Head head;
        try (EventLog log = TestLogs.open(dir)) {
            appendN(log, 1, 10);
            log.clear();
            head = log.head();
        }
        try (EventLog log = TestLogs.open(dir)) {
            assertEquals(head, log.head());
            assertEquals(11, log.logStartSeq());
            assertTrue(all(log).isEmpty());
            Entry next = log.append(event(11));
            assertEquals(11, next.seq());
            assertEquals(head.hash(), next.prev());
            assertIntact(log.verify());
        }
    }

    @Test
    void logStartSeqIsPersistedEvenWhenRetentionIsNoLongerConfigured() {
        try (EventLog log = EventLogs.open(config(dir).maxEntries(10).build())) {
            appendN(log, 1, 50);
            assertEquals(41, log.applyRetention());
        }
        try (EventLog log = TestLogs.open(dir)) { // no maxEntries now: only the stored start applies
            assertEquals(41, log.logStartSeq());
            assertTrue(log.get(40).isEmpty());
            assertEquals(41, all(log).get(0).seq());
            IntegrityReport report = log.verify();
            assertIntact(report);
            assertEquals(41, report.logStartSeq());
        }
    }

    @Test
    void aRetryAfterReopenReturnsTheOriginalEntries() {
        List<Entry> batch;
        Entry single;
        AppendRequest batchRequest = AppendRequest.batch(List.of(event(1), event(2), event(3))).withRequestId("req-batch");
        Event one = Event.builder("payment").source("billing").payload(Map.of("amount", 5)).build();
        try (EventLog log = TestLogs.open(dir)) {
            batch = log.append(batchRequest);
            single = log.append(one, "req-single");
            appendN(log, 10, 5);
        }
        try (EventLog log = TestLogs.open(dir)) {
            Head head = log.head();
            List<Entry> retried = log.append(batchRequest);
            assertEquals(batch, retried); // same seqs and hashes
            assertEquals(batch.stream().map(Entry::hash).toList(), retried.stream().map(Entry::hash).toList());
            assertEquals(single, log.append(one, "req-single"));
            assertEquals(head, log.head(), "a retry appends nothing");
            assertEquals(batch, log.findByRequestId("req-batch"));
            Event other = Event.builder("payment").source("billing").payload(Map.of("amount", 6)).build();
            assertThrows(RequestIdConflictException.class, () -> log.append(other, "req-single"));
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void everyDurabilityModeKeepsACleanlyClosedLog(Durability mode) {
        List<Entry> written;
        try (EventLog log = EventLogs.open(config(dir).durability(mode).build())) {
            written = new ArrayList<>(appendN(log, 1, 100));
            // A single append may ask for more durability than the log's mode.
            written.addAll(log.append(AppendRequest.of(event(101)).withDurability(Durability.SYNC)));
        }
        try (EventLog log = EventLogs.open(config(dir).durability(mode).build())) {
            assertEquals(written, all(log));
            assertIntact(log.verify());
            assertEquals(102, log.append(event(102)).seq());
        }
    }

    /**
     * A log opened for one append at a time (every {@code chainlog append} is a process) keeps a bounded number of
     * table files: each close flushes new level-0 files, which compaction only moves down (the keys only grow), so
     * without merging them the count grew by about one per column family per cycle (1,333 after 1,000 cycles).
     */
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"WAL", "NONE"})
    void aLogOpenedAndClosedManyTimesKeepsFewTableFiles(Durability durability) throws Exception {
        int cycles = 150;
        for (int i = 0; i < cycles; i++) {
            try (EventLog log = EventLogs.open(config(dir).durability(durability).build())) {
                log.append(event(i), "req-" + i);
            }
        }
        long tables;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            tables = files.filter(p -> p.toString().endsWith(".sst")).count();
        }
        // Per column family at most 3 level-0 files and fewer than 8 small files per level before they merge.
        assertTrue(tables <= 80, tables + " table files after " + cycles + " open/append/close cycles");
        try (EventLog log = EventLogs.open(config(dir).build())) {
            assertEquals(cycles, log.head().seq());
            assertIntact(log.verify());
            assertEquals(cycles, all(log).size());
            assertEquals(cycles, log.findByRequestId("req-" + (cycles - 1)).get(0).seq());
        }
    }
}
