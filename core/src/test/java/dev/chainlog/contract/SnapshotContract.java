package dev.chainlog.contract;

import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.ReplayResult;
import dev.chainlog.api.Snapshot;
import dev.chainlog.api.SnapshotInfo;
import dev.chainlog.chain.Hashes;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.chainlog.contract.TestKit.appendN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots (docs/DESIGN.md: Snapshots): the state rebuilt from the latest snapshot and the replayed tail equals a
 * full replay; the newest K are kept; a damaged, outdated or pruned-past snapshot is reported and skipped for an older
 * valid one; bad arguments write nothing.
 */
public abstract class SnapshotContract extends ContractBase {
    /** The application's state: the sum of the entries' payload {@code i}, and how many it saw. */
    private static long[] apply(long[] state, Entry e) {
        return new long[] {state[0] + e.payload().get("i").asLong(), state[1] + 1};
    }

    private static byte[] bytes(long[] state) {
        return ByteBuffer.allocate(16).putLong(state[0]).putLong(state[1]).array();
    }

    private static long[] state(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        return new long[] {in.getLong(), in.getLong()};
    }

    private static long[] fold(List<Entry> entries) {
        long[] s = {0, 0};
        for (Entry e : entries) {
            s = apply(s, e);
        }
        return s;
    }

    @Test
    void aSnapshotAndTheReplayedTailRebuildTheStateOfAFullReplay() {
        EventLog log = logs().open().log();
        List<Entry> all = appendN(log, 100);
        Snapshot saved = log.saveSnapshot("sums", 60, bytes(fold(all.subList(0, 60))));
        assertEquals(all.get(59).hash(), saved.hash());
        appendN(log, 101, 20);

        long[][] rebuilt = {{0, 0}};
        List<Long> seqs = new ArrayList<>();
        ReplayResult r = log.replay("sums", s -> rebuilt[0] = state(s.state()), e -> {
            rebuilt[0] = apply(rebuilt[0], e);
            seqs.add(e.seq());
        });
        assertEquals(60, r.snapshot().orElseThrow().seq());
        assertEquals(60, r.entries());
        assertEquals(61, seqs.get(0));
        long[][] full = {{0, 0}};
        ReplayResult fromStart = log.replay("none-yet", s -> { }, e -> full[0] = apply(full[0], e));
        assertTrue(fromStart.snapshot().isEmpty());
        assertEquals(120, fromStart.entries());
        assertArrayEquals(full[0], rebuilt[0], "snapshot + tail = full replay");
        assertEquals(List.of("sums"), log.snapshotNames());
    }

    @Test
    void theNewestAreKept() {
        EventLog log = logs().open().log();
        appendN(log, 50);
        for (long seq = 10; seq <= 50; seq += 10) {
            log.saveSnapshot("s", seq, new byte[] {(byte) seq}, 3);
        }
        assertEquals(List.of(30L, 40L, 50L), log.snapshots("s").stream().map(SnapshotInfo::seq).toList());
        log.saveSnapshot("s", 20, new byte[] {20}, 3); // an older one saved late is kept, the oldest goes
        assertEquals(List.of(20L, 40L, 50L), log.snapshots("s").stream().map(SnapshotInfo::seq).toList());
        assertEquals(50, log.latestSnapshot("s").orElseThrow().seq());
    }

    @Test
    void damagedAndRewrittenSnapshotsAreReportedAndSkippedForAnOlderValidOne() {
        LogFixture.Opened o = logs().open();
        List<Entry> all = appendN(o.log(), 30);
        o.log().saveSnapshot("s", 10, "ten".getBytes(StandardCharsets.UTF_8));
        o.log().saveSnapshot("s", 20, "twenty".getBytes(StandardCharsets.UTF_8));
        o.log().saveSnapshot("s", 25, "twenty-five".getBytes(StandardCharsets.UTF_8));
        byte[] stored = o.tamper().snapshot("s", 25);
        stored[stored.length - 1] ^= 1; // one bit of the state
        o.tamper().putSnapshot("s", 25, stored);
        byte[] forged = all.get(19).json().replace("\"i\":20", "\"i\":200").getBytes(StandardCharsets.UTF_8);
        o.tamper().putValue(20, forged); // the entry snapshot 20 is bound to, rewritten with its checksum
        o.tamper().putChecksum(20, Hashes.sha256(forged));

        assertEquals(List.of(SnapshotInfo.Status.VALID, SnapshotInfo.Status.REWRITTEN, SnapshotInfo.Status.DAMAGED),
                o.log().snapshots("s").stream().map(SnapshotInfo::status).toList());
        Snapshot latest = o.log().latestSnapshot("s").orElseThrow();
        assertEquals(10, latest.seq());
        assertEquals("ten", new String(latest.state(), StandardCharsets.UTF_8));
    }

    @Test
    void retentionPastASnapshotIsReportedAndAReplayThatNeedsPrunedEntriesIsRefused() {
        EventLog log = logs().open(b -> b.maxEntries(20)).log();
        appendN(log, 30);
        log.saveSnapshot("s", 15, new byte[] {1});
        appendN(log, 31, 20);
        log.applyRetention();
        assertEquals(31, log.logStartSeq());
        assertEquals(SnapshotInfo.Status.PRUNED, log.snapshots("s").get(0).status());
        assertTrue(log.latestSnapshot("s").isEmpty());
        assertThrows(CursorExpiredException.class, () -> log.replay("s", s -> { }, e -> { }));
        assertThrows(CursorExpiredException.class, () -> log.saveSnapshot("s", 10, new byte[0]), "its entry is gone");
        log.saveSnapshot("s", 40, new byte[] {2});
        assertEquals(40, log.replay("s", s -> { }, e -> { }).snapshot().orElseThrow().seq());
    }

    @Test
    void badArgumentsAreRefusedAndWriteNothing() {
        EventLog log = logs().open().log();
        appendN(log, 5);
        assertThrows(IllegalArgumentException.class, () -> log.saveSnapshot("s", 6, new byte[0]), "beyond the head");
        assertThrows(IllegalArgumentException.class, () -> log.saveSnapshot("s", -1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> log.saveSnapshot("s", 5, null));
        assertThrows(IllegalArgumentException.class, () -> log.saveSnapshot("s", 5, new byte[0], 0));
        assertThrows(IllegalArgumentException.class, () -> log.saveSnapshot("no/slash", 5, new byte[0]));
        assertTrue(log.snapshots("s").isEmpty());
        assertFalse(log.snapshotNames().contains("s"));
        assertEquals(0, log.saveSnapshot("s", 0, new byte[0]).seq(), "a snapshot of the empty state, before seq 1");
    }
}
