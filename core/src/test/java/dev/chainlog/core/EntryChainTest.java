package dev.chainlog.core;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.StorageException;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.NewEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chaining events into entries (docs/DESIGN.md: Sequence, Tamper evidence): consecutive seqs, each value naming its
 * predecessor's hash, one ts per group that never goes below the head's, time-ordered uuids for events without one,
 * and a refusal at the last seq. The group-commit writer and the disabled backend share it.
 */
class EntryChainTest {
    @Test
    void entriesFollowTheHeadAndNameTheirPredecessor() {
        EntryChain chain = new EntryChain();
        byte[] headHash = Hashes.sha256("head".getBytes());
        chain.begin(41, headHash, 10, 20);
        List<NewEntry> stored = new ArrayList<>();
        List<Entry> made = chain.chain(AppendRequest.batch(List.of(Event.of("a"), Event.of("b"))), null, stored);
        made = new ArrayList<>(made);
        made.addAll(chain.chain(AppendRequest.of(Event.builder("c").uuid("caller-uuid").build()), null, stored));

        assertEquals(List.of(42L, 43L, 44L), made.stream().map(Entry::seq).toList());
        assertEquals(Hashes.hex(headHash), made.get(0).prev());
        assertEquals(made.get(0).hash(), made.get(1).prev());
        assertEquals(made.get(1).hash(), made.get(2).prev());
        for (int i = 0; i < stored.size(); i++) {
            assertArrayEquals(Hashes.sha256(stored.get(i).value()), stored.get(i).hash(), "hash of the stored bytes");
            assertEquals(20, made.get(i).ts());
        }
        assertEquals("caller-uuid", made.get(2).uuid());
        assertEquals(45, chain.nextSeq());
        assertArrayEquals(stored.get(2).hash(), chain.prev());
    }

    @Test
    void tsIsTheHeadsWhenTheClockIsBehindIt() {
        EntryChain chain = new EntryChain();
        chain.begin(0, Hashes.zero(), 5_000, 1_000);
        assertEquals(5_000, chain.ts());
        List<Entry> made = chain.chain(AppendRequest.of(Event.of("a")), null, new ArrayList<>());
        assertEquals(5_000, made.get(0).ts());
    }

    @Test
    void generatedUuidsAreTimeOrderedAndDistinct() {
        EntryChain chain = new EntryChain();
        chain.begin(0, Hashes.zero(), 0, 1_700_000_000_000_000L);
        List<Entry> made = chain.chain(AppendRequest.batch(List.of(Event.of("a"), Event.of("b"))), null, new ArrayList<>());
        UUID first = UUID.fromString(made.get(0).uuid());
        UUID second = UUID.fromString(made.get(1).uuid());
        assertEquals(7, first.version());
        assertNotEquals(first, second);
        assertTrue(first.toString().compareTo(second.toString()) < 0, "time-ordered");
    }

    @Test
    void theRequestIdIsInEveryEntryOfItsBatch() {
        EntryChain chain = new EntryChain();
        chain.begin(0, Hashes.zero(), 0, 1);
        AppendRequest r = AppendRequest.batch(List.of(Event.of("a"), Event.of("b"))).withRequestId("rid");
        List<NewEntry> stored = new ArrayList<>();
        List<Entry> made = chain.chain(r, EntryCodec.stringField("reqId", "rid"), stored);
        assertEquals(List.of("rid", "rid"), made.stream().map(Entry::requestId).toList());
        assertEquals(List.of("rid", "rid"), stored.stream().map(NewEntry::requestId).toList());
    }

    @Test
    void theLastSeqIsRefusedAndNothingIsChained() {
        EntryChain chain = new EntryChain();
        chain.begin(EntryCodec.MAX_SEQ - 1, Hashes.zero(), 0, 1);
        List<NewEntry> stored = new ArrayList<>();
        StorageException e = assertThrows(StorageException.class,
                () -> chain.chain(AppendRequest.batch(List.of(Event.of("a"), Event.of("b"))), null, stored));
        assertTrue(e.getMessage().contains("last seq"), e.getMessage());
        assertTrue(stored.isEmpty());
        assertEquals(EntryCodec.MAX_SEQ, chain.nextSeq());
        chain.chain(AppendRequest.of(Event.of("last")), null, stored);
        assertEquals(EntryCodec.MAX_SEQ, stored.get(0).seq());
    }
}
