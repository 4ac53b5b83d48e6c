package dev.chainlog.contract;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.DuplicateUuidException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.RequestIdConflictException;
import dev.chainlog.api.Head;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.chainlog.contract.TestKit.event;
import static dev.chainlog.contract.TestKit.seqs;
import static dev.chainlog.contract.TestKit.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotency (docs/DESIGN.md: Idempotency) and uuid uniqueness. */
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

    /** Issue 11: a map's iteration order (Map.of's changes per JVM) must not make a retry a different request. */
    @Test
    void theSameEventBuiltInAnotherOrderIsTheSameRequest() {
        Map<String, Object> innerAsc = new LinkedHashMap<>();
        innerAsc.put("a", List.of(1, 2.5));
        innerAsc.put("b", "x");
        Map<String, Object> payloadAsc = new LinkedHashMap<>();
        payloadAsc.put("nested", innerAsc);
        payloadAsc.put("ok", true);
        payloadAsc.put("user", "ada");
        Map<String, Object> innerDesc = new LinkedHashMap<>();
        innerDesc.put("b", "x");
        innerDesc.put("a", List.of(1, new java.math.BigDecimal("2.50")));
        Map<String, Object> payloadDesc = new LinkedHashMap<>();
        payloadDesc.put("user", "ada");
        payloadDesc.put("ok", true);
        payloadDesc.put("nested", innerDesc);
        Map<String, String> metaAsc = new LinkedHashMap<>();
        metaAsc.put("adapter", "a1");
        metaAsc.put("world_id", "w1");
        Map<String, String> metaDesc = new LinkedHashMap<>();
        metaDesc.put("world_id", "w1");
        metaDesc.put("adapter", "a1");

        EventLog log = logs().open().log();
        Entry first = log.append(Event.builder("user.login").source("auth").meta(metaAsc).payload(payloadAsc).build(), "r");
        Event reordered = Event.builder("user.login").source("auth").meta(metaDesc).payload(payloadDesc).build();
        assertEquals(List.of("adapter", "world_id"), List.copyOf(reordered.meta().keySet()), "meta in stored order");
        Entry retry = log.append(reordered, "r");
        assertEquals(first, retry);
        assertEquals(first.json(), retry.json());
        assertTrue(first.json().endsWith(",\"meta\":{\"adapter\":\"a1\",\"world_id\":\"w1\"},"
                + "\"payload\":{\"nested\":{\"a\":[1,2.5],\"b\":\"x\"},\"ok\":true,\"user\":\"ada\"}}"), first.json());
        assertEquals(1, log.head().seq(), "the retry wrote nothing");
    }

    /**
     * A request stored by a chainlog before encoding rule 2 (the shared vector is rule 1: its first payload is
     * {"user":"ada","ok":true}, in the caller's order) is recognised when retried now, however the retry is built.
     */
    @Test
    void aRequestStoredUnderRule1IsTheSameRequestWhenRetried(@TempDir Path dir) throws IOException {
        EventLog log = logs().open().log();
        Head imported = log.importExport(vector("three-entries.jsonl", dir));
        Entry first = log.append(Event.builder("user.login").source("auth").uuid("0b7c2d1e-0000-4000-8000-000000000001")
                .meta("world_id", "w1").payload(Map.of("user", "ada", "ok", true)).build(), "r-1");
        assertEquals(1, first.seq());
        assertEquals("cf60f69b5cb207a50a75f86401d886070d2fa408058846638580ed9d9d58d19d", first.hash());
        assertTrue(first.json().endsWith("\"payload\":{\"user\":\"ada\",\"ok\":true}}"), "returned as stored");
        Entry third = log.append(Event.builder("policy.change").source("admin")
                .payloadJson("{\"nested\":{\"a\":[1,2.50,\"\\u00e9\"]},\"rule\":\"deny *\"}").build(), "r-2");
        assertEquals(3, third.seq(), "no uuid given: any uuid matches");
        assertThrows(RequestIdConflictException.class, () -> log.append(Event.builder("user.login").source("auth")
                .meta("world_id", "w1").payload(Map.of("user", "bob", "ok", true)).build(), "r-1"));
        assertThrows(RequestIdConflictException.class, () -> log.append(Event.builder("policy.change").source("admin")
                .payloadJson("{\"nested\":{\"a\":[1,2.51,\"é\"]},\"rule\":\"deny *\"}").build(), "r-2"));
        assertEquals(imported, log.head(), "no retry or conflict wrote anything");
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
