package dev.chainlog.contract;

import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.LogTail;
import dev.chainlog.api.Page;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.chainlog.contract.TestKit.appendN;
import static dev.chainlog.contract.TestKit.assertIntact;
import static dev.chainlog.contract.TestKit.event;
import static dev.chainlog.contract.TestKit.range;
import static dev.chainlog.contract.TestKit.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention (docs/DESIGN.md: Retention): ttl and maxEntries cut a prefix, numbering continues, verify passes and
 * reports the cut.
 */
public abstract class RetentionContract extends ContractBase {

    @Test
    void maxEntriesEvictsOldestFirstAndSeqsAreNeverReused() {
        EventLog log = logs().open(b -> b.maxEntries(10)).log();
        List<Entry> all = appendN(log, 35);
        assertEquals(26, log.logStartSeq());
        assertEquals(range(26, 35), seqs(log.read(0, 100).entries()));
        assertEquals(10, log.stats().count());
        assertTrue(log.get(25).isEmpty());
        assertTrue(log.findByUuid(all.get(0).uuid()).isEmpty());
        assertEquals(36, log.append(event(36)).seq());
        IntegrityReport report = log.verify();
        assertIntact(report);
        assertEquals(27, report.logStartSeq());
        assertTrue(report.pruned());
    }

    @Test
    void clearRemovesEverythingButNumberingContinues() {
        EventLog log = logs().open().log();
        appendN(log, 5);
        String headHash = log.head().hash();
        log.clear();
        assertTrue(log.read(0, 10).entries().isEmpty());
        assertEquals(6, log.logStartSeq());
        assertEquals(5, log.head().seq());
        assertEquals(headHash, log.head().hash());
        assertEquals(0, log.stats().count());
        assertIntact(log.verify());
        Entry next = log.append(event(6));
        assertEquals(6, next.seq());
        assertEquals(headHash, next.prev());
        assertIntact(log.verify());
        log.clear();
        log.clear();
        assertEquals(7, log.append(event(7)).seq());
    }

    @Test
    void clearAndApplyRetentionAreOrderedAfterTheAppendsQueuedBeforeThem() throws Exception {
        EventLog log = logs().open(b -> b.maxEntries(100)).log();
        List<CompletableFuture<Entry>> queued = new ArrayList<>();
        for (int i = 1; i <= 2_000; i++) {
            queued.add(log.appendAsync(event(i)));
        }
        assertEquals(1_901, log.applyRetention(), "the newest 100 of the 2,000 queued before it stay");
        for (int i = 2_001; i <= 4_000; i++) {
            queued.add(log.appendAsync(event(i)));
        }
        log.clear();
        for (CompletableFuture<Entry> f : queued) {
            f.get(1, TimeUnit.MINUTES); // every one was appended before the cut
        }
        assertEquals(4_001, log.logStartSeq(), "clear removed every entry queued before it");
        assertEquals(4_000, log.head().seq());
        assertEquals(0, log.stats().count());
        assertIntact(log.verify());
    }

    @Test
    void ttlIsSweptOnReadEvenWhenAppendsStop() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        EventLog log = logs().open(b -> b.clock(clock).ttl(Duration.ofMinutes(10))).log();
        for (int i = 1; i <= 10; i++) {
            log.append(event(i));
            clock.advance(Duration.ofMinutes(1));
        }
        // now = 10 min after start; entry i has ts (i-1) min: entry 1 is exactly 10 min old, not expired yet
        assertEquals(range(1, 10), seqs(log.read(0, 100).entries()));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(range(2, 10), seqs(log.read(0, 100).entries()));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(range(7, 10), seqs(log.read(0, 100).entries()));
        assertEquals(7, log.logStartSeq());
        assertEquals(4, log.stats().count());
        clock.advance(Duration.ofHours(1)); // a stale tail must not survive when nobody appends
        assertTrue(log.read(0, 100).entries().isEmpty());
        assertTrue(log.get(10).isEmpty());
        assertTrue(log.bySource("src-1", 0, 100).isEmpty());
        assertTrue(log.timeRange(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")).isEmpty());
        assertEquals(11, log.logStartSeq());
        assertEquals(0, log.stats().count());
        assertEquals(11, log.append(event(11)).seq());
        assertEquals(List.of(11L), seqs(log.read(0, 100).entries()));
        assertIntact(log.verify());
    }

    @Test
    void ttlIsAppliedOnAppendAndStorageIsCut() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        EventLog log = logs().open(b -> b.clock(clock).ttl(Duration.ofSeconds(5))).log();
        appendN(log, 5);
        clock.advance(Duration.ofSeconds(6));
        log.append(event(6));
        assertEquals(6, log.logStartSeq());
        assertEquals(6, log.applyRetention());
        IntegrityReport report = log.verify();
        assertIntact(report);
        assertEquals(1, report.checked(), "only the retained entry is stored after the cut");
        assertEquals(6, report.logStartSeq());
    }

    @Test
    void aClockSteppingBackDoesNotBreakTsMonotonicityTimeQueriesOrTtl() {
        MutableClock clock = MutableClock.at("2026-01-01T00:10:00Z");
        EventLog log = logs().open(b -> b.clock(clock).ttl(Duration.ofMinutes(5))).log();
        Entry a = log.append(event(1));
        clock.set(Instant.parse("2026-01-01T00:00:00Z")); // NTP steps the clock back 10 minutes
        Entry b = log.append(event(2));
        Entry c = log.append(event(3));
        assertTrue(b.ts() >= a.ts() && c.ts() >= b.ts(), "ts never decreases");
        assertEquals(range(1, 3), seqs(log.timeRange(a.timestamp(), a.timestamp())));
        assertEquals(range(1, 3), seqs(log.read(0, 10).entries()), "nothing expires because the clock went back");
        clock.set(Instant.parse("2026-01-01T00:16:00Z"));
        assertTrue(log.read(0, 10).entries().isEmpty(), "all three are older than 5 minutes now");
        clock.set(Instant.parse("2026-01-01T00:00:00Z"));
        assertEquals(4, log.logStartSeq(), "the log start never moves back");
        assertTrue(log.read(0, 10).entries().isEmpty());
    }

    @Test
    void aCursorBehindRetentionIsToldSo() {
        EventLog log = logs().open(b -> b.maxEntries(5)).log();
        appendN(log, 12);
        Page page = log.read(3, 100);
        assertTrue(page.cursorExpired());
        assertEquals(8, page.logStartSeq());
        assertEquals(range(8, 12), seqs(page.entries()));
        CursorExpiredException e = assertThrows(CursorExpiredException.class, () -> log.readStrict(3, 100));
        assertEquals(3, e.sinceSeq());
        assertEquals(8, e.logStartSeq());
        assertEquals(range(8, 12), seqs(log.readStrict(7, 100).entries()));
        assertFalse(log.read(7, 100).cursorExpired());
    }

    @Test
    void aTailThatFellBehindRetentionFailsLoudly() throws Exception {
        EventLog log = logs().open(b -> b.maxEntries(3)).log();
        appendN(log, 2);
        try (LogTail tail = log.subscribe(0)) {
            assertEquals(1, tail.poll(Duration.ofSeconds(5)).seq());
            assertEquals(2, tail.poll(Duration.ofSeconds(5)).seq());
            appendN(log, 10);
            assertThrows(CursorExpiredException.class, () -> tail.poll(Duration.ofSeconds(5)));
        }
    }

    @Test
    void idempotencyLastsAsLongAsTheEntriesAreRetained() {
        EventLog log = logs().open(b -> b.maxEntries(3)).log();
        Entry first = log.append(Event.of("k"), "req");
        assertEquals(first.hash(), log.append(Event.of("k"), "req").hash());
        appendN(log, 5);
        assertTrue(log.findByRequestId("req").isEmpty());
        Entry again = log.append(Event.of("k"), "req");
        assertEquals(7, again.seq(), "a pruned request id is forgotten with its entries");
    }
}
