package dev.chainlog.core;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.StorageException;
import dev.chainlog.chain.Hashes;
import dev.chainlog.checkpoint.CheckpointPolicy;
import dev.chainlog.checkpoint.NoteKeys;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.contract.MutableClock;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.PreparedCut;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the writer role writes (docs/DESIGN.md: Single writer, Sequence, Retention): one commit per run of appends,
 * actions between them seeing what came before, gap-free seqs across a failed commit, cuts committed as the writer,
 * and an idle log's checkpoint — over a real in-memory store.
 */
class GroupCommitWriterTest {
    private final WatchedStore store = WatchedStore.withEntries(0);
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_000));
    private final HighWatermark watermark = new HighWatermark(store.readMeta());
    /** Cuts the preparer handed over, with the stored start each was prepared from: the test commits them. */
    private final BlockingQueue<Map.Entry<PreparedCut, Long>> cutsForTheWriter = new LinkedBlockingQueue<>();
    private final List<SignedNote> heard = new ArrayList<>();
    private RetentionCuts cuts;

    private GroupCommitWriter writer(Retention retention, Checkpointer checkpointer) {
        CommitPoint commitPoint = new CommitPoint(store, watermark, checkpointer, new LogTree(store), false);
        GroupCommitWriter w = new GroupCommitWriter(store, watermark, retention, checkpointer, commitPoint);
        cuts = new RetentionCuts(store, new LogTree(store), retention, 0, watermark::meta, () -> commitPoint.failure() != null,
                (cut, from) -> {
                    cutsForTheWriter.add(Map.entry(cut, from));
                    return new GroupCommitWriter.CutResult(from, false);
                });
        w.scheduleCutsWith(cuts);
        return w;
    }

    private GroupCommitWriter writer() {
        return writer(new Retention(null, 0, clock, store), new Checkpointer(null, store, 0));
    }

    /** A checkpointer that signs once a minute has passed with entries not yet covered; the listener is heard. */
    private Checkpointer checkpointerEveryMinute() {
        KeyPair keys = NoteKeys.generate();
        NoteSigner signer = new NoteSigner(Checkpointer.origin(store.readMeta()), keys.getPrivate(), keys.getPublic());
        long now = new Retention(null, 0, clock, store).nowMicros();
        return new Checkpointer(new CheckpointPolicy(List.of(signer), 0, Duration.ofMinutes(1), heard::add), store, now);
    }

    @AfterEach
    void closeCuts() {
        if (cuts != null) {
            cuts.close();
        }
    }

    private static Task.Append append(String kind) {
        return AppendGroupTest.append(AppendGroupTest.event(kind));
    }

    private static List<Task> appends(int n) {
        List<Task> appends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            appends.add(append("e" + i));
        }
        return appends;
    }

    private static List<Long> seqs(Task.Append a) throws Exception {
        return a.future.get(1, TimeUnit.MINUTES).stream().map(Entry::seq).toList();
    }

    @Test
    void aRunOfAppendsIsOneCommitAcknowledgedOnlyAfterTheRoleIsReleased() throws Exception {
        GroupCommitWriter w = writer();
        Task.Append a = append("a");
        Task.Append b = append("b");
        Task.Append c = new Task.Append(AppendRequest.of(Event.of("c")), true, null, 0);
        Runnable afterRelease = w.write(List.of(a, b, c));

        assertEquals(List.of(true), store.syncFlags, "one commit, synced because one append asked for it");
        assertEquals(3, watermark.meta().headSeq(), "published");
        assertFalse(a.future.isDone(), "acknowledged only once the role is released");
        afterRelease.run();
        assertEquals(List.of(1L), seqs(a));
        assertEquals(List.of(2L), seqs(b));
        assertEquals(List.of(3L), seqs(c));
        assertEquals(3, w.appended());
    }

    @Test
    void anActionBetweenAppendsSeesThoseBeforeItCommitted() throws Exception {
        GroupCommitWriter w = writer();
        Task.Append before = append("before");
        Task.Control<Long> action = new Task.Control<>(() -> store.readMeta().headSeq());
        Task.Append after = append("after");
        w.write(List.of(before, action, after)).run();

        assertEquals(1L, action.future.get());
        assertEquals(List.of(1L), seqs(before));
        assertEquals(List.of(2L), seqs(after));
        assertEquals(2, store.syncFlags.size(), "two runs, two commits");
    }

    @Test
    void afterAFailedCommitTheNextRunChainsFromTheSamePublishedHead() throws Exception {
        GroupCommitWriter w = writer();
        w.write(List.of(append("first"))).run();
        LogMeta published = watermark.meta();

        store.nextCommit = WatchedStore.Fault.BEFORE_APPLYING;
        Task.Append lost = append("lost");
        w.write(List.of(lost)).run();
        ExecutionException e = assertThrows(ExecutionException.class, () -> lost.future.get());
        assertInstanceOf(StorageException.class, e.getCause());
        assertEquals(published, watermark.meta());

        Task.Append next = append("next");
        w.write(List.of(next)).run();
        assertEquals(List.of(2L), seqs(next), "no seq was burnt by the failed commit");
        assertEquals(Hashes.hex(store.checksum(1)), next.future.get().get(0).prev());
    }

    @Test
    void aCutIsCommittedAsTheWriterWithItsPruneAnchor() {
        GroupCommitWriter w = writer();
        w.write(appends(10)).run();
        byte[] lastCut = store.checksum(4);

        GroupCommitWriter.CutResult result = w.commitCut(TestCuts.prepare(store, 5), 1);
        assertEquals(new GroupCommitWriter.CutResult(5, false), result);
        assertEquals(5, watermark.meta().logStartSeq());
        assertEquals(5, store.readMeta().logStartSeq());
        assertArrayEquals(lastCut, watermark.meta().logStartPrev(), "the anchor is the hash of the last entry cut");
        assertNull(store.value(4));

        assertEquals(new GroupCommitWriter.CutResult(5, false), w.commitCut(store.prepareCut(3, dev.chainlog.tree.CompactRange.empty()), 5),
                "an overtaken cut is dropped");
        IllegalArgumentException beyond = assertThrows(IllegalArgumentException.class,
                () -> w.commitCut(store.prepareCut(50, dev.chainlog.tree.CompactRange.empty()), 5), "its range deletion would remove entries appended later");
        assertTrue(beyond.getMessage().contains("beyond the head 10"), beyond.getMessage());
        assertEquals(5, store.readMeta().logStartSeq());
        GroupCommitWriter.CutResult all = w.commitCut(TestCuts.prepare(store, 11), 5);
        assertEquals(11, all.logStartSeq(), "a cut just past the head removes every entry");
        assertArrayEquals(watermark.meta().headHash(), watermark.meta().logStartPrev());
    }

    @Test
    void aCutPreparedBeforeAnotherCommittedIsDroppedAsStale() {
        GroupCommitWriter w = writer();
        w.write(appends(10)).run();
        PreparedCut preparedFromOne = TestCuts.prepare(store, 8); // its index deletes were read from seqs 1..7
        w.commitCut(TestCuts.prepare(store, 5), 1);

        assertEquals(new GroupCommitWriter.CutResult(5, true), w.commitCut(preparedFromOne, 1));
        assertEquals(5, store.readMeta().logStartSeq(), "nothing of the stale cut was applied");
        assertNotNull(store.value(5));
        assertEquals(2, store.syncFlags.size(), "one commit for the appends, one for the cut");
    }

    @Test
    void theRetentionTargetIsTheVisibleStartAfterEveryQueuedAppend() {
        GroupCommitWriter w = writer(new Retention(null, 4, clock, store), new Checkpointer(null, store, 0));
        w.write(appends(10)).run();
        assertEquals(7, w.retentionTarget(), "the newest 4 of 10");
    }

    @Test
    void appendsBeyondMaxEntriesHandACutToTheWriter() throws Exception {
        GroupCommitWriter w = writer(new Retention(null, 8, clock, store), new Checkpointer(null, store, 0));
        w.write(appends(20)).run();
        Map.Entry<PreparedCut, Long> handed = cutsForTheWriter.poll(1, TimeUnit.MINUTES);
        assertNotNull(handed);
        assertEquals(13, handed.getKey().newStart(), "the newest 8 of 20 stay");
        assertEquals(1, handed.getValue(), "prepared from the stored start");
        assertEquals(13, w.commitCut(handed.getKey(), handed.getValue()).logStartSeq());
    }

    @Test
    void anIdleLogSignsACheckpointWhenOneIsDueByTime() {
        Checkpointer checkpointer = checkpointerEveryMinute();
        GroupCommitWriter w = writer(new Retention(null, 0, clock, store), checkpointer);
        w.write(List.of(append("a"))).run();
        assertNull(w.idle(), "not due yet");

        clock.advance(Duration.ofMinutes(2));
        Runnable deliver = w.idle();
        assertNotNull(deliver);
        assertTrue(heard.isEmpty(), "delivered once the role is released");
        deliver.run();
        assertEquals(1, heard.size());
        assertNotNull(store.note(CheckpointPolicy.LATEST));
        assertNull(w.idle(), "nothing new to cover");
    }

    @Test
    void applyRetentionWithNothingToCutCommitsACheckpointDueByTime() {
        Checkpointer checkpointer = checkpointerEveryMinute();
        GroupCommitWriter w = writer(new Retention(null, 0, clock, store), checkpointer);
        w.write(List.of(append("a"))).run();
        clock.advance(Duration.ofMinutes(2));

        assertEquals(1, w.retentionTarget(), "nothing to cut");
        assertNotNull(store.note(CheckpointPolicy.LATEST), "the checkpoint due by time was committed, as on an idle log");
        checkpointer.deliver();
        assertEquals(1, heard.size());
    }
}
