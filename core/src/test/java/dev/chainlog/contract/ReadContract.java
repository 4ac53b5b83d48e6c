package dev.chainlog.contract;

import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.LogStats;
import dev.chainlog.api.LogTail;
import dev.chainlog.api.Page;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.chainlog.contract.TestKit.appendN;
import static dev.chainlog.contract.TestKit.event;
import static dev.chainlog.contract.TestKit.range;
import static dev.chainlog.contract.TestKit.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading: cursors, pages, lookups, time ranges, stats and live tails. */
public abstract class ReadContract extends ContractBase {

    @Test
    void readReturnsOnlyEntriesAfterTheCursorInOrder() {
        EventLog log = logs().open().log();
        appendN(log, 20);
        Page page = log.read(5, 10);
        assertEquals(range(6, 15), seqs(page.entries()));
        assertEquals(15, page.nextSince());
        assertEquals(20, page.head().seq());
        assertEquals(1, page.logStartSeq());
        assertFalse(page.cursorExpired());
        assertEquals(range(16, 20), seqs(log.read(page.nextSince(), 100).entries()));
        assertTrue(log.read(15, 100).caughtUp());
    }

    @Test
    void limitZeroReturnsAnEmptyPageAndNegativeArgumentsAreErrors() {
        EventLog log = logs().open().log();
        appendN(log, 3);
        assertTrue(log.read(0, 0).entries().isEmpty());
        IllegalArgumentException limit = assertThrows(IllegalArgumentException.class, () -> log.read(0, -1));
        assertTrue(limit.getMessage().contains("limit"));
        IllegalArgumentException since = assertThrows(IllegalArgumentException.class, () -> log.read(-1, 10));
        assertTrue(since.getMessage().contains("sinceSeq"));
        assertThrows(IllegalArgumentException.class, () -> log.bySource("src-1", -1, 10));
        assertThrows(IllegalArgumentException.class, () -> log.bySource("src-1", 0, -1));
        assertThrows(IllegalArgumentException.class, () -> log.timeRange(Instant.EPOCH, Instant.now(), -1));
    }

    @Test
    void aCursorAtOrPastTheHeadReturnsNothing() {
        EventLog log = logs().open().log();
        appendN(log, 3);
        assertTrue(log.read(3, 10).entries().isEmpty());
        assertTrue(log.read(1000, 10).entries().isEmpty());
        assertTrue(logs().open().log().read(0, 10).entries().isEmpty());
    }

    @Test
    void lookupsByUuidRequestIdAndSource() {
        EventLog log = logs().open().log();
        appendN(log, 9); // sources src-1, src-2, src-0 in turn
        Entry withUuid = log.append(Event.builder("k").uuid("the-uuid").source("solo").build());
        List<Entry> batch = log.append(new dev.chainlog.api.AppendRequest(
                List.of(Event.of("a"), Event.of("b"), Event.of("c")), "req-batch", null));

        assertEquals(withUuid.seq(), log.findByUuid("the-uuid").orElseThrow().seq());
        assertEquals(batch.get(1).seq(), log.findByUuid(batch.get(1).uuid()).orElseThrow().seq());
        assertTrue(log.findByUuid("nope").isEmpty());

        assertEquals(seqs(batch), seqs(log.findByRequestId("req-batch")));
        assertTrue(log.findByRequestId("nope").isEmpty());

        assertEquals(List.of(1L, 4L, 7L), seqs(log.bySource("src-1", 0, 10)));
        assertEquals(List.of(4L, 7L), seqs(log.bySource("src-1", 1, 10)));
        assertEquals(List.of(4L), seqs(log.bySource("src-1", 1, 1)));
        assertEquals(List.of(withUuid.seq()), seqs(log.bySource("solo", 0, 10)));
        assertTrue(log.bySource("src-1", 0, 0).isEmpty());
        assertTrue(log.bySource("none", 0, 10).isEmpty());
    }

    @Test
    void timeRangeBoundsAreInclusive() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        EventLog log = logs().open(b -> b.clock(clock)).log();
        for (int i = 1; i <= 10; i++) {
            log.append(event(i)); // ts = i-1 seconds after the start
            clock.advance(Duration.ofSeconds(1));
        }
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(range(3, 6), seqs(log.timeRange(t0.plusSeconds(2), t0.plusSeconds(5))));
        assertEquals(range(1, 10), seqs(log.timeRange(t0.minusSeconds(100), t0.plusSeconds(100))));
        assertEquals(range(3, 4), seqs(log.timeRange(t0.plusSeconds(2), t0.plusSeconds(5), 2)));
        assertEquals(List.of(1L), seqs(log.timeRange(t0, t0)));
        assertTrue(log.timeRange(t0.plusSeconds(5), t0.plusSeconds(2)).isEmpty());
        assertTrue(log.timeRange(t0.plusMillis(2500), t0.plusMillis(2900)).isEmpty());
        assertEquals(t0.plusSeconds(2), log.get(3).orElseThrow().timestamp());
    }

    @Test
    void statsCountTheRetainedLog() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        EventLog log = logs().open(b -> b.clock(clock)).log();
        LogStats empty = log.stats();
        assertEquals(0, empty.count());
        assertEquals(0, empty.firstSeq());
        assertEquals(0, empty.lastSeq());
        appendN(log, 4);
        clock.advance(Duration.ofSeconds(3));
        log.append(event(5));
        LogStats s = log.stats();
        assertEquals(5, s.count());
        assertEquals(1, s.firstSeq());
        assertEquals(5, s.lastSeq());
        assertEquals(1_767_225_600_000_000L, s.firstTs());
        assertEquals(1_767_225_603_000_000L, s.lastTs());
        assertEquals(5, s.appended());
        assertEquals(1, s.logStartSeq());
    }

    @Test
    void aTailReplaysThenDeliversNewEntriesLive() throws Exception {
        EventLog log = logs().open().log();
        appendN(log, 5);
        try (LogTail tail = log.subscribe(2)) {
            List<Long> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                got.add(tail.poll(Duration.ofSeconds(10)).seq());
            }
            assertEquals(range(3, 5), got);
            assertTrue(tail.caughtUp());
            assertNull(tail.poll(Duration.ofMillis(1)));

            CountDownLatch waiting = new CountDownLatch(1);
            CompletableFuture<Entry> next = CompletableFuture.supplyAsync(() -> {
                waiting.countDown();
                try {
                    return tail.poll(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            assertTrue(waiting.await(10, TimeUnit.SECONDS));
            log.append(event(6));
            assertEquals(6, next.get(30, TimeUnit.SECONDS).seq());
            assertEquals(6, tail.position());
        }
    }

    @Test
    void aTailEndsWhenTheLogCloses() throws Exception {
        EventLog log = logs().open().log();
        LogTail tail = log.subscribe(0);
        CompletableFuture<Object> polling = CompletableFuture.supplyAsync(() -> {
            try {
                return tail.poll(Duration.ofSeconds(60));
            } catch (Exception e) {
                return e;
            }
        });
        log.close();
        assertTrue(polling.get(30, TimeUnit.SECONDS) instanceof LogClosedException);
    }

    @Test
    void entryWireFormIsStable() {
        MutableClock clock = MutableClock.at("2025-11-25T04:00:00.001Z");
        EventLog log = logs().open(b -> b.clock(clock)).log();
        Entry e = log.append(Event.builder("user.login").source("auth").uuid("0b7c2d1e-0000-4000-8000-000000000001")
                .meta("world_id", "w1").payload(Map.of("user", "ada")).build(), "r-1");
        assertEquals("{\"seq\":1,\"prev\":\"" + "0".repeat(64) + "\",\"ts\":1764043200001000,\"kind\":\"user.login\","
                + "\"source\":\"auth\",\"reqId\":\"r-1\",\"uuid\":\"0b7c2d1e-0000-4000-8000-000000000001\","
                + "\"meta\":{\"world_id\":\"w1\"},\"payload\":{\"user\":\"ada\"}}", e.json());
        Entry minimal = log.append(Event.builder("k").uuid("u2").build());
        assertEquals("{\"seq\":2,\"prev\":\"" + e.hash() + "\",\"ts\":1764043200001000,\"kind\":\"k\",\"uuid\":\"u2\","
                + "\"payload\":{}}", minimal.json());
    }
}
