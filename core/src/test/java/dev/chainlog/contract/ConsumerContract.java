package dev.chainlog.contract;

import dev.chainlog.api.ConsumerPosition;
import dev.chainlog.api.ConsumerPositionMismatchException;
import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.DurableConsumer;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.chain.Hashes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.chainlog.contract.TestKit.appendN;
import static dev.chainlog.contract.TestKit.range;
import static dev.chainlog.contract.TestKit.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Durable named consumers (docs/DESIGN.md: Durable consumers): in-order delivery after the committed position, commits
 * on the log's commit path, resume after the commit (what was polled but not committed comes again), refusals that
 * write nothing, a cursor past the retained range, a log rewritten under a consumer.
 */
public abstract class ConsumerContract extends ContractBase {
    private static final String ZEROS = "0".repeat(64);

    @Test
    void aConsumerGetsEveryEntryInOrderAndResumesAfterItsLastCommit() {
        EventLog log = logs().open().log();
        List<Entry> all = appendN(log, 25);
        DurableConsumer c = log.consumer("billing");
        assertEquals(new ConsumerPosition("billing", 0, ZEROS, 0), c.committed());
        assertTrue(log.consumers().isEmpty(), "a consumer is stored from its first commit on");

        List<Entry> first = c.poll(10);
        assertEquals(range(1, 10), seqs(first));
        c.commit(first.get(9));
        assertEquals(range(11, 20), seqs(c.poll(10)), "the fetch position moved on");
        assertEquals(20, c.fetched());

        DurableConsumer again = log.consumer("billing"); // a restart: a new handle
        assertEquals(10, again.committed().seq());
        assertEquals(all.get(9).hash(), again.committed().hash());
        assertEquals(range(11, 25), seqs(again.poll(100)), "11..20 were not committed: delivered again");
        assertTrue(again.poll(100).isEmpty(), "at the head");
        again.commit(25, all.get(24).hash());
        appendN(log, 26, 3);
        assertEquals(range(26, 28), seqs(log.consumer("billing").poll(100)));

        c.rewindToCommitted();
        assertEquals(range(26, 28), seqs(c.poll(100)), "a rewind delivers again from the committed position");
        assertEquals(List.of(new ConsumerPosition("billing", 25, all.get(24).hash(), 0)), log.consumers());
    }

    @Test
    void consumersAreIndependentAndCanBeDeleted() {
        EventLog log = logs().open().log();
        List<Entry> all = appendN(log, 5);
        log.consumer("a").commit(all.get(1));
        log.consumer("b").commit(all.get(3));
        assertEquals(List.of("a", "b"), log.consumers().stream().map(ConsumerPosition::name).toList());
        assertEquals(range(3, 5), seqs(log.consumer("a").poll(10)));
        assertEquals(range(5, 5), seqs(log.consumer("b").poll(10)));
        assertTrue(log.deleteConsumer("a"));
        assertFalse(log.deleteConsumer("a"));
        assertEquals(List.of("b"), log.consumers().stream().map(ConsumerPosition::name).toList());
        assertEquals(range(1, 5), seqs(log.consumer("a").poll(10)), "a deleted consumer starts again from seq 1");
    }

    @Test
    void aCommitTheLogCannotVouchForIsRefusedAndWritesNothing() {
        EventLog log = logs().open().log();
        List<Entry> all = appendN(log, 5);
        DurableConsumer c = log.consumer("c");
        c.commit(all.get(1));
        assertThrows(IllegalArgumentException.class, () -> c.commit(3, all.get(1).hash()), "another entry's hash");
        assertThrows(IllegalArgumentException.class, () -> c.commit(6, ZEROS), "beyond the head");
        assertThrows(IllegalArgumentException.class, () -> c.commit(-1, ZEROS));
        assertThrows(IllegalArgumentException.class, () -> c.commit(2, "not hex"));
        assertEquals(2, c.committed().seq(), "nothing was written");
        c.commit(0, ZEROS);
        assertEquals(0, c.committed().seq(), "moving back is allowed: entries are delivered again, never skipped");
        for (String bad : List.of("", "with space", "a/b", "é", "x".repeat(129))) {
            assertThrows(IllegalArgumentException.class, () -> log.consumer(bad), "name '" + bad + "'");
        }
        assertThrows(IllegalArgumentException.class, () -> c.poll(-1));
    }

    @Test
    void aConsumerBehindTheRetainedRangeIsToldWhatItMissed() {
        EventLog log = logs().open(b -> b.maxEntries(10)).log();
        List<Entry> all = appendN(log, 5);
        log.consumer("slow").commit(all.get(2));
        appendN(log, 6, 30);
        log.applyRetention();
        assertEquals(26, log.logStartSeq());
        CursorExpiredException e = assertThrows(CursorExpiredException.class, () -> log.consumer("slow").poll(10));
        assertEquals(26, e.logStartSeq());
        assertEquals(3, e.sinceSeq());
    }

    @Test
    void aLogRewrittenUnderAConsumerIsNotResumed() {
        LogFixture.Opened o = logs().open();
        List<Entry> all = appendN(o.log(), 10);
        o.log().consumer("audit").commit(all.get(6));
        // a full attacker rewrites entry 7 and its checksum (the chain would tell too; the consumer must not resume)
        byte[] forged = all.get(6).json().replace("\"i\":7", "\"i\":70").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        o.tamper().putValue(7, forged);
        o.tamper().putChecksum(7, Hashes.sha256(forged));
        ConsumerPositionMismatchException e = assertThrows(ConsumerPositionMismatchException.class,
                () -> o.log().consumer("audit").poll(10));
        assertTrue(e.getMessage().contains("rewritten"), e.getMessage());
    }

    @Test
    void pollingWhileAppendsGoOnDeliversEachEntryOnceInOrder() throws Exception {
        EventLog log = logs().open().log();
        Thread writer = new Thread(() -> appendN(log, 2_000));
        writer.start();
        DurableConsumer c = log.consumer("tail");
        List<Long> got = new ArrayList<>();
        while (got.size() < 2_000) {
            List<Entry> batch = c.poll(97);
            batch.forEach(e -> got.add(e.seq()));
            if (!batch.isEmpty()) {
                c.commit(batch.get(batch.size() - 1));
            }
        }
        writer.join();
        assertEquals(range(1, 2_000), got);
        assertEquals(2_000, log.consumer("tail").committed().seq());
    }

    @Test
    void anAppendAndAConsumersCommitAreOneWrite() {
        EventLog log = logs().open().log();
        appendN(log, 5);
        DurableConsumer projector = log.consumer("projector");
        List<Entry> in = projector.poll(10);
        List<Entry> out = projector.appendAndCommit(dev.chainlog.api.AppendRequest.of(
                dev.chainlog.api.Event.of("projection.updated")).withRequestId("projection-5"), in.get(4));
        assertEquals(6, out.get(0).seq());
        assertEquals(new ConsumerPosition("projector", 5, in.get(4).hash(), 0), projector.committed());

        log.append(dev.chainlog.api.AppendRequest.of(dev.chainlog.api.Event.of("other")).withRequestId("taken"));
        List<Entry> next = projector.poll(10);
        assertEquals(range(6, 7), seqs(next));
        assertThrows(dev.chainlog.api.RequestIdConflictException.class, () -> projector.appendAndCommit(
                dev.chainlog.api.AppendRequest.of(dev.chainlog.api.Event.of("projection.updated")).withRequestId("taken"),
                next.get(1)));
        assertEquals(5, projector.committed().seq(), "a refused append moves no position");
        assertEquals(7, log.head().seq(), "and appends nothing");
        Entry six = next.get(0);
        Entry notTheLogs = Entry.of(7, six.storedValue(), six.hashBytes()); // seq 7 with the value and hash of seq 6
        assertThrows(IllegalArgumentException.class, () -> projector.appendAndCommit(dev.chainlog.api.AppendRequest.of(
                dev.chainlog.api.Event.of("x")), notTheLogs), "a position the log does not hold");
        assertEquals(7, log.head().seq(), "nothing appended");
    }

    @Test
    void aConsumerHoldsRetentionUpToItsBound() {
        EventLog log = logs().open(b -> b.maxEntries(10)).log();
        List<Entry> all = appendN(log, 3);
        DurableConsumer slow = log.consumer("slow");
        slow.commit(all.get(2));
        slow.holdRetention(100);
        all = new ArrayList<>(all);
        all.addAll(appendN(log, 4, 37));
        assertEquals(4, log.applyRetention(), "maxEntries alone would start at 31; the consumer at 3 holds 4..");
        assertEquals(4, log.logStartSeq());
        List<Entry> got = slow.poll(100);
        assertEquals(range(4, 40), seqs(got), "everything it has not committed is still there");
        slow.commit(got.get(26)); // seq 30
        assertEquals(31, log.applyRetention(), "committing releases what it has done");

        DurableConsumer dead = log.consumer("dead");
        dead.commit(all.get(29)); // seq 30
        dead.holdRetention(20);
        slow.holdRetention(0);
        all.addAll(appendN(log, 41, 30)); // head 70
        assertEquals(51, log.applyRetention(), "the dead consumer holds at most 20 entries: 51..70");
        CursorExpiredException e = assertThrows(CursorExpiredException.class, () -> log.consumer("dead").poll(10));
        assertEquals(51, e.logStartSeq());
        assertEquals(20, log.consumers().stream().filter(p -> p.name().equals("dead")).findFirst().orElseThrow()
                .holdEntries());
        assertThrows(IllegalArgumentException.class, () -> dead.holdRetention(-1));
    }

    @Test
    void recoverRestoresTheStateWhereTheConsumerStands() {
        EventLog log = logs().open().log();
        List<Entry> all = appendN(log, 100);
        DurableConsumer c = log.consumer("app");
        c.commit(all.get(59));
        log.saveSnapshot("app-state", 40, java.nio.ByteBuffer.allocate(8).putLong(40L * 41 / 2).array());
        long[] sum = {0};
        List<Long> applied = new ArrayList<>();
        long at = log.consumer("app").recover("app-state", s -> sum[0] = java.nio.ByteBuffer.wrap(s.state()).getLong(),
                e -> {
                    sum[0] += e.seq();
                    applied.add(e.seq());
                });
        assertEquals(60, at);
        assertEquals(range(41, 60), applied, "the committed entries after the snapshot");
        assertEquals(60L * 61 / 2, sum[0], "the state at the position");

        DurableConsumer resumed = log.consumer("app");
        resumed.recover("app-state", s -> { }, e -> { });
        assertEquals(61, resumed.poll(1).get(0).seq(), "poll continues after the restored state");

        log.saveSnapshot("app-state", 80, new byte[8]); // a snapshot newer than the committed position
        DurableConsumer ahead = log.consumer("app");
        assertEquals(80, ahead.recover("app-state", s -> { }, e -> fail("nothing to apply: the snapshot holds it")));
        assertEquals(81, ahead.poll(1).get(0).seq());
        assertEquals(0, log.consumer("fresh").recover("no-snapshots", s -> fail("none"), e -> fail("no position")));
    }
}
