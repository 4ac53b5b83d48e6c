package dev.chainlog.contract;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.DuplicateUuidException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.RequestIdConflictException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotency (G5) and uuid uniqueness. */
public abstract class IdempotencyContract extends ContractBase {

    private static Event order(int amount) {
        return Event.builder("order.placed").source("shop").meta("tenant", "t1").payload(Map.of("amount", amount)).build();
    }

    @Test
    void aRetryReturnsTheSameSeqsAndHashes() {
        EventLog log = logs().open().log();
        log.append(event(0));
        Entry first = log.append(order(5), "req-1");
        log.append(event(1));
        Entry retry = log.append(order(5), "req-1");
        assertEquals(first.seq(), retry.seq());
        assertEquals(first.hash(), retry.hash());
        assertEquals(first.uuid(), retry.uuid());
        assertEquals(3, log.head().seq(), "the retry wrote nothing");
        assertEquals(List.of(first.seq()), seqs(log.findByRequestId("req-1")));
    }

    @Test
    void aBatchRetryReturnsTheWholeOriginalBatch() {
        EventLog log = logs().open().log();
        List<Event> events = List.of(order(1), order(2), order(3));
        List<Entry> first = log.append(new AppendRequest(events, "batch-1", null));
        List<Entry> retry = log.append(new AppendRequest(events, "batch-1", null));
        assertEquals(first, retry);
        assertEquals(3, log.head().seq());
    }

    @Test
    void theSameIdWithADifferentBodyIsAConflict() {
        EventLog log = logs().open().log();
        log.append(order(5), "req-1");
        List<Event> variants = List.of(order(6), Event.builder("order.placed").source("shop").payload(Map.of("amount", 5)).build(),
                Event.builder("order.placed").source("other").meta("tenant", "t1").payload(Map.of("amount", 5)).build(),
                Event.builder("order.cancelled").source("shop").meta("tenant", "t1").payload(Map.of("amount", 5)).build());
        for (Event v : variants) {
            RequestIdConflictException e = assertThrows(RequestIdConflictException.class, () -> log.append(v, "req-1"));
            assertEquals("req-1", e.requestId());
        }
        assertThrows(RequestIdConflictException.class,
                () -> log.append(new AppendRequest(List.of(order(5), order(5)), "req-1", null)));
        assertEquals(1, log.head().seq(), "no conflict wrote or burned anything");
        assertEquals(2, log.append(order(5)).seq());
    }

    @Test
    void aCallerUuidTakesPartInTheBody() {
        EventLog log = logs().open().log();
        Event withUuid = Event.builder("k").uuid("u-1").build();
        Entry first = log.append(withUuid, "r");
        assertEquals(first.seq(), log.append(withUuid, "r").seq());
        assertThrows(RequestIdConflictException.class, () -> log.append(Event.builder("k").uuid("u-2").build(), "r"));
    }

    @Test
    void concurrentRetriesOfOneRequestAreAppliedOnce() {
        EventLog log = logs().open().log();
        List<CompletableFuture<Entry>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(log.appendAsync(AppendRequest.of(order(9)).withRequestId("dup")).thenApply(l -> l.get(0)));
        }
        List<Entry> results = futures.stream().map(CompletableFuture::join).toList();
        assertTrue(results.stream().allMatch(e -> e.equals(results.get(0))));
        assertEquals(1, log.head().seq());
    }

    @Test
    void aDuplicateUuidIsRejected() {
        EventLog log = logs().open().log();
        log.append(Event.builder("k").uuid("u").build());
        DuplicateUuidException e = assertThrows(DuplicateUuidException.class,
                () -> log.append(Event.builder("other").uuid("u").build()));
        assertEquals("u", e.uuid());
        assertEquals(1, log.head().seq());
    }

    @Test
    void concurrentAppendsOfOneUuidStoreItOnce() {
        EventLog log = logs().open().log();
        List<CompletableFuture<Entry>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(log.appendAsync(Event.builder("k").uuid("contested").build()));
        }
        long ok = futures.stream().filter(f -> {
            try {
                f.join();
                return true;
            } catch (RuntimeException e) {
                assertTrue(e.getCause() instanceof DuplicateUuidException, e.toString());
                return false;
            }
        }).count();
        assertEquals(1, ok);
        assertEquals(1, log.head().seq());
    }
}
