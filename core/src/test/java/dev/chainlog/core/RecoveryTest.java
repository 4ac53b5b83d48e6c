package dev.chainlog.core;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.chain.Hashes;
import dev.chainlog.memory.MemoryLogStore;
import dev.chainlog.memory.MemoryTamperer;
import dev.chainlog.store.LogMeta;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recovery procedure on open, exercised over a memory store that outlives the log (closing a memory store
 * keeps its maps), so a "restart" is a second open over the same store.
 */
class RecoveryTest {
    private final MemoryLogStore store = new MemoryLogStore();
    private final EventLogConfig config = EventLogConfig.memory();

    private EventLog open() {
        return ChainedEventLog.open(store, config);
    }

    @Test
    void aNewStoreGetsMetaAndAReopenContinuesFromTheHead() {
        String logId;
        Entry last;
        try (EventLog log = open()) {
            logId = ((ChainedEventLog) log).logId();
            assertNotNull(logId);
            for (int i = 0; i < 5; i++) {
                log.append(Event.of("k", Map.of("i", i)));
            }
            last = log.get(5).orElseThrow();
        }
        try (EventLog log = open()) {
            assertEquals(logId, ((ChainedEventLog) log).logId());
            assertEquals(5, log.head().seq());
            Entry next = log.append(Event.of("k"));
            assertEquals(6, next.seq());
            assertEquals(last.hash(), next.prev());
            assertTrue(next.ts() >= last.ts());
            assertTrue(log.verify().ok());
        }
    }

    @Test
    void theCounterContinuesAfterEverythingWasPruned() {
        try (EventLog log = open()) {
            for (int i = 0; i < 5; i++) {
                log.append(Event.of("k"));
            }
            log.clear();
        }
        try (EventLog log = open()) {
            assertEquals(6, log.logStartSeq());
            assertEquals(6, log.append(Event.of("k")).seq());
        }
    }

    @Test
    void aHeadThatDisagreesWithTheNewestEntryRefusesToOpen() {
        try (EventLog log = open()) {
            for (int i = 0; i < 5; i++) {
                log.append(Event.of("k"));
            }
        }
        MemoryTamperer tamper = new MemoryTamperer(store);
        LogMeta good = tamper.meta();

        tamper.putMeta(good.withHead(7, good.headHash(), good.headTs()));
        CorruptLogException missing = assertThrows(CorruptLogException.class, this::open);
        assertTrue(missing.getMessage().contains("6..7 are missing"), missing.getMessage());

        tamper.putMeta(good.withHead(4, good.headHash(), good.headTs()));
        assertThrows(CorruptLogException.class, this::open, "entries beyond the head");

        tamper.putMeta(good.withHead(5, Hashes.sha256(new byte[] {1}), good.headTs()));
        assertThrows(CorruptLogException.class, this::open, "head hash differs");

        tamper.putMeta(new LogMeta(2, good.logId(), 5, good.headHash(), good.headTs(), 1, Hashes.zero()));
        CorruptLogException newer = assertThrows(CorruptLogException.class, this::open);
        assertTrue(newer.getMessage().contains("newer chainlog"), newer.getMessage());

        tamper.putMeta(good);
        try (EventLog log = open()) {
            assertEquals(5, log.head().seq());
        }
    }

    @Test
    void anInspectionOpensALogWhoseHeadDisagreesAndVerifyClassifiesIt() {
        try (EventLog log = open()) {
            for (int i = 0; i < 10; i++) {
                log.append(Event.of("k", Map.of("i", i)));
            }
        }
        MemoryTamperer tamper = new MemoryTamperer(store);
        LogMeta good = tamper.meta();

        // entries 9 and 10 deleted from the end, the meta left alone
        byte[] nine = store.value(9);
        byte[] ten = store.value(10);
        tamper.delete(10, true);
        tamper.delete(9, true);
        CorruptLogException refused = assertThrows(CorruptLogException.class, this::open, "a writer refuses");
        assertTrue(refused.getMessage().contains("9..10 are missing") && refused.getMessage().contains("salvage"),
                refused.getMessage());
        try (EventLog log = FollowerLog.open(store, config)) {
            assertEquals(10, log.head().seq(), "an inspection sees the recorded head");
            assertEquals(8, log.read(0, 100).entries().size());
            IntegrityReport r = log.verify();
            assertEquals(List.of(ProblemKind.TRUNCATED), r.problems().stream().map(Problem::kind).toList(), r.summary());
            assertEquals(9, r.firstBadSeq().orElseThrow());
            CorruptLogException unsigned = assertThrows(CorruptLogException.class, () -> log.checkpoint(List.of(signer())));
            assertTrue(unsigned.getMessage().contains("not signing"), unsigned.getMessage());
        }

        // the newest entry rewritten (with a matching checksum), the meta left alone
        tamper.putValue(9, nine);
        tamper.putChecksum(9, Hashes.sha256(nine));
        byte[] forged = new String(ten, java.nio.charset.StandardCharsets.UTF_8).replace("\"i\":9}", "\"i\":99}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        tamper.putValue(10, forged);
        tamper.putChecksum(10, Hashes.sha256(forged));
        assertThrows(CorruptLogException.class, this::open);
        try (EventLog log = FollowerLog.open(store, config)) {
            IntegrityReport r = log.verify();
            assertEquals(List.of(ProblemKind.HEAD_MISMATCH), r.problems().stream().map(Problem::kind).toList(), r.summary());
            assertEquals(10, r.firstBadSeq().orElseThrow());
        }

        // put right again: both opens work and a checkpoint is signed
        tamper.putValue(10, ten);
        tamper.putChecksum(10, Hashes.sha256(ten));
        tamper.putMeta(good);
        try (EventLog log = open()) {
            assertTrue(log.verify().ok());
            assertEquals("10", log.checkpoint(List.of(signer())).text().lines().skip(1).findFirst().orElseThrow(),
                    "the second line of a checkpoint is its size");
        }
    }

    private static dev.chainlog.checkpoint.NoteSigner signer() {
        java.security.KeyPair keys = dev.chainlog.checkpoint.NoteKeys.generate();
        return new dev.chainlog.checkpoint.NoteSigner("test-key", keys.getPrivate(), keys.getPublic());
    }

    @Test
    void entriesWithoutMetaAreNotAChainlogLog() {
        try (EventLog log = open()) {
            log.append(Event.of("k"));
        }
        MemoryLogStore foreign = new MemoryLogStore();
        new MemoryTamperer(foreign).putValue(1, store.value(1));
        assertThrows(CorruptLogException.class, () -> ChainedEventLog.open(foreign, config));
    }
}
