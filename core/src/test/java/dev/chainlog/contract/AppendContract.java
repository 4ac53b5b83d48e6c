package dev.chainlog.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.InvalidEventException;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.PayloadTooLargeException;
import dev.chainlog.chain.Hashes;
import dev.chainlog.chain.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static dev.chainlog.contract.TestKit.appendN;
import static dev.chainlog.contract.TestKit.assertChained;
import static dev.chainlog.contract.TestKit.assertIntact;
import static dev.chainlog.contract.TestKit.event;
import static dev.chainlog.contract.TestKit.range;
import static dev.chainlog.contract.TestKit.seqs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Appending: numbering, chaining, atomic batches, rejected input and isolation of stored data
 * (docs/DESIGN.md: Sequence, Isolation).
 */
public abstract class AppendContract extends ContractBase {

    @Test
    void seqsAreOneToNInAppendOrderAndChained() {
        EventLog log = logs().open().log();
        List<Entry> entries = appendN(log, 50);
        assertEquals(range(1, 50), seqs(entries));
        assertEquals("0".repeat(64), entries.get(0).prev());
        assertChained(entries);
        assertEquals(50, log.head().seq());
        assertEquals(entries.get(49).hash(), log.head().hash());
        assertEquals(seqs(entries), seqs(log.read(0, 100).entries()));
    }

    @Test
    void anEntryKeepsWhatTheEventSaid() {
        EventLog log = logs().open().log();
        Entry e = log.append(Event.builder("user.login").source("auth").uuid("u-1").meta("world_id", "w1")
                .payload(Map.of("user", "ada", "ok", true)).build(), "r-1");
        Entry read = log.get(e.seq()).orElseThrow();
        for (Entry x : List.of(e, read)) {
            assertEquals("user.login", x.kind());
            assertEquals("auth", x.source());
            assertEquals("u-1", x.uuid());
            assertEquals("r-1", x.requestId());
            assertEquals(Map.of("world_id", "w1"), x.meta());
            assertEquals("ada", x.payload().get("user").asText());
            assertEquals(Hashes.hex(Hashes.sha256(x.storedValue())), x.hash());
        }
        assertEquals(e.json(), read.json());
    }

    @Test
    void batchGetsConsecutiveSeqsAndIsStoredWhole() {
        EventLog log = logs().open().log();
        log.append(event(0));
        List<Entry> batch = log.appendBatch(List.of(event(1), event(2), event(3)));
        assertEquals(range(2, 4), seqs(batch));
        assertChained(log.read(0, 10).entries());
    }

    @Test
    void aBatchWithOneBadEventStoresNothingAndBurnsNoSeq() {
        EventLog log = logs().open(b -> b.maxPayloadBytes(100)).log();
        log.append(event(0));
        Event big = Event.of("big", Map.of("x", "y".repeat(200)));
        assertThrows(PayloadTooLargeException.class, () -> log.appendBatch(List.of(event(1), big, event(2))));
        Event dupA = Event.builder("a").uuid("same").build();
        Event dupB = Event.builder("b").uuid("same").build();
        assertThrows(InvalidEventException.class, () -> log.appendBatch(List.of(dupA, dupB)));
        assertEquals(1, log.head().seq());
        assertEquals(2, log.append(event(3)).seq());
        assertEquals(2, log.read(0, 10).entries().size());
    }

    @Test
    void badInputIsRejectedWithASpecificExceptionAndNothingIsStored() {
        EventLog log = logs().open(b -> b.maxPayloadBytes(64)).log();
        List<Supplier<Object>> bad = List.of(
                () -> log.append(Event.of(null)),
                () -> log.append(Event.of("   ")),
                () -> log.append(Event.of("k".repeat(257))),
                () -> log.append(Event.builder("k").payloadJson("[1,2]").build()),
                () -> log.append(Event.builder("k").payloadJson("\"text\"").build()),
                () -> log.append(Event.builder("k").payloadJson("{\"a\":1,\"a\":2}").build()),
                () -> log.append(Event.builder("k").payloadJson("{broken").build()),
                () -> log.append(Event.builder("k").payload("{\"a\":1}").build()),
                () -> log.append(Event.builder("k").payload(List.of(1, 2)).build()),
                () -> log.append(Event.builder("k").payload(Map.of("x", Double.NaN)).build()),
                () -> log.append(Event.builder("k").payload(Map.of("x", "bad \uD800 surrogate")).build()),
                () -> log.append(Event.builder("k").source("nul\0inside").build()),
                () -> log.append(Event.builder("k").uuid("").build()),
                () -> log.append(Event.of("k", Map.of("x", "y".repeat(100)))),
                () -> log.append(Event.of("k"), " "),
                () -> log.appendBatch(List.of()),
                () -> log.append(Event.builder("k").meta("key", null).build()),
                () -> log.append(Event.builder("k").payload(selfReferencing()).build()),
                () -> log.append(Event.builder("k").payload(Map.of("n", new java.math.BigInteger("9".repeat(1001)))).build()),
                () -> log.append(Event.builder("k").payload(Map.of("k".repeat(50_001), 1)).build()),
                () -> log.append(Event.builder("k").meta("m", "v".repeat(Event.MAX_META_BYTES)).build()));
        for (int i = 0; i < bad.size(); i++) {
            int n = i;
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> bad.get(n).get(), "case " + n);
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "case " + n + " has a message");
        }
        assertEquals(0, log.head().seq());
        assertEquals(1, log.append(Event.of("k")).seq());
    }

    private static Map<String, Object> selfReferencing() {
        Map<String, Object> self = new HashMap<>();
        self.put("self", self);
        return self;
    }

    /** The number limit applies to a number as stored (rule 2), so that Jackson's default reader reads it back. */
    @Test
    void numbersAreLimitedByTheirStoredSpelling() {
        EventLog log = logs().open().log();
        java.math.BigInteger nines = new java.math.BigInteger("9".repeat(994)); // stored as 9.99…e+993: 999 chars
        Entry e = log.append(Event.of("k", Map.of("n", nines, "one", new java.math.BigDecimal("1." + "0".repeat(1000)))));
        assertEquals(nines, log.get(e.seq()).orElseThrow().payload().get("n").decimalValue().toBigIntegerExact());
        assertTrue(e.json().endsWith(",\"one\":1}}"), "1.000… is stored as 1");
        InvalidEventException tooLong = assertThrows(InvalidEventException.class,
                () -> Event.of("k", Map.of("n", new java.math.BigInteger("9".repeat(1000)))));
        assertTrue(tooLong.getMessage().contains("1006 chars as stored"), tooLong.getMessage());
        assertEquals(1, log.head().seq());
    }

    @Test
    void kindOf256CharsIsAccepted() {
        EventLog log = logs().open().log();
        assertEquals(256, log.append(Event.of("k".repeat(256))).kind().length());
    }

    @Test
    void payloadLimitAppliesToTheEncodedPayload() {
        EventLog log = logs().open(b -> b.maxPayloadBytes(20)).log();
        log.append(Event.builder("k").payloadJson("{\"a\":\"0123456789ab\"}").build()); // exactly 20 bytes
        PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
                () -> log.append(Event.builder("k").payloadJson("{\"a\":\"0123456789abc\"}").build()));
        assertEquals(21, e.size());
        assertEquals(20, e.limit());
    }

    @Test
    void storedPayloadIsADeepCopyOfTheCallersObject() {
        EventLog log = logs().open().log();
        Map<String, Object> nested = new HashMap<>(Map.of("k", "v"));
        List<Object> list = new ArrayList<>(List.of(1, 2));
        Map<String, Object> payload = new HashMap<>(Map.of("nested", nested, "list", list, "top", "t"));
        Event event = Event.of("k", payload);
        nested.put("k", "changed-before-append");
        Entry e = log.append(event);
        payload.put("top", "changed");
        nested.put("k", "changed");
        list.add(3);

        ObjectNode stored = log.get(e.seq()).orElseThrow().payload();
        assertEquals("t", stored.get("top").asText());
        assertEquals("v", stored.get("nested").get("k").asText());
        assertEquals(2, stored.get("list").size());

        ObjectNode fromRead = log.get(e.seq()).orElseThrow().payload();
        fromRead.put("top", "mutated-by-reader");
        ((ObjectNode) fromRead.get("nested")).put("k", "mutated-by-reader");
        e.payload().put("top", "mutated-via-returned-entry");
        e.storedValue()[5] = 'X';
        Entry again = log.get(e.seq()).orElseThrow();
        assertEquals("t", again.payload().get("top").asText());
        assertEquals("v", again.payload().get("nested").get("k").asText());
        assertEquals(e.hash(), again.hash());
        assertIntact(log.verify());
    }

    @Test
    void metaAndHashesHandedOutCannotChangeWhatIsStored() {
        EventLog log = logs().open().log();
        Map<String, String> meta = new HashMap<>(Map.of("world_id", "w1"));
        Event event = Event.builder("k").meta(meta).build();
        meta.put("world_id", "changed-after-build");
        Entry e = log.append(event);
        assertThrows(UnsupportedOperationException.class, () -> e.meta().put("world_id", "changed-by-caller"));
        e.hashBytes()[0] ^= 1;
        Entry again = log.get(e.seq()).orElseThrow();
        assertEquals(Map.of("world_id", "w1"), again.meta());
        assertThrows(UnsupportedOperationException.class, () -> again.meta().clear());
        assertEquals(e.hash(), Hashes.hex(again.hashBytes()));
        assertEquals(e.hash(), Hashes.hex(e.hashBytes()), "the entry's own hash is unchanged too");
        assertIntact(log.verify());
    }

    @Test
    void jsonNodePayloadIsCopiedToo() throws Exception {
        EventLog log = logs().open().log();
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree("{\"a\":{\"b\":1}}");
        Event ev = Event.of("k", node);
        ((ObjectNode) node.get("a")).put("b", 2);
        Entry e = log.append(ev);
        ((ObjectNode) node.get("a")).put("b", 3);
        assertEquals(1, log.get(e.seq()).orElseThrow().payload().get("a").get("b").asInt());
    }

    @Test
    void oneEventAppendedTwiceGetsTwoEntriesWithDistinctUuids() {
        EventLog log = logs().open().log();
        Event ev = Event.of("k");
        Entry a = log.append(ev);
        Entry b = log.append(ev);
        assertEquals(2, b.seq());
        assertNotEquals(a.uuid(), b.uuid());
    }

    @Test
    void asyncAppendsCompleteWithTheirEntries() {
        EventLog log = logs().open().log();
        List<CompletableFuture<Entry>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(log.appendAsync(event(i)));
        }
        List<Long> got = futures.stream().map(CompletableFuture::join).map(Entry::seq).sorted().toList();
        assertEquals(range(1, 100), got);
        assertIntact(log.verify());
    }

    @Test
    void aRejectedAsyncAppendFailsItsFutureOnly() {
        EventLog log = logs().open().log();
        log.append(Event.builder("k").uuid("taken").build());
        CompletableFuture<Entry> dup = log.appendAsync(Event.builder("k").uuid("taken").build());
        CompletableFuture<Entry> ok = log.appendAsync(Event.of("k"));
        assertThrows(Exception.class, dup::join);
        assertEquals(2, ok.join().seq());
    }

    @Test
    void appendsMayStrengthenButNotWeakenTheLogsDurability() {
        EventLog log = logs().open(b -> b.durability(Durability.WAL)).log();
        assertEquals(1, log.append(AppendRequest.of(Event.of("k")).withDurability(Durability.SYNC)).get(0).seq());
        assertThrows(InvalidEventException.class,
                () -> log.append(AppendRequest.of(Event.of("k")).withDurability(Durability.NONE)));
        assertEquals(1, log.head().seq());
    }

    @Test
    void closeDrainsQueuedAppendsAndLaterAppendsFail() {
        EventLog log = logs().open().log();
        List<CompletableFuture<Entry>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(log.appendAsync(event(i)));
        }
        log.close();
        for (CompletableFuture<Entry> f : futures) {
            assertTrue(f.isDone(), "close waits for queued appends");
            f.join(); // queued before close: written, not failed
        }
        assertThrows(LogClosedException.class, () -> log.append(event(1)));
        assertThrows(LogClosedException.class, () -> log.read(0, 1));
        log.close(); // idempotent
    }

    @Test
    void storedValueIsExactlyWhatWasHashed() {
        EventLog log = logs().open().log();
        Entry e = log.append(event(7));
        Entry read = log.get(1).orElseThrow();
        assertArrayEquals(e.storedValue(), read.storedValue());
        assertArrayEquals(Hashes.sha256(read.storedValue()), read.hashBytes());
        assertNull(log.get(2).orElse(null));
    }
}
