package dev.chainlog.core;

import dev.chainlog.chain.Hashes;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.CheckpointPolicy;
import dev.chainlog.checkpoint.NoteKeys;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.store.CommitBatch;
import dev.chainlog.store.LogMeta;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the log signs its own checkpoints, and over what (docs/DESIGN.md: Checkpoint evidence): by count, by time and
 * at every cut; over the state the commit produces; remembered only once the commit succeeded; and resumed from the
 * stored note after a restart.
 */
class CheckpointerTest {
    private static final long SECOND = 1_000_000;

    private final KeyPair keys = NoteKeys.generate();
    private final WatchedStore store = WatchedStore.withEntries(0);
    private final LogMeta initial = store.readMeta();
    private final List<SignedNote> heard = new ArrayList<>();

    private CheckpointPolicy policy(long everyEntries, Duration every, Consumer<SignedNote> listener) {
        NoteSigner signer = new NoteSigner(Checkpointer.origin(initial), keys.getPrivate(), keys.getPublic());
        return new CheckpointPolicy(List.of(signer), everyEntries, every, listener);
    }

    private static LogMeta head(LogMeta m, long seq) {
        byte[] hash = new byte[32];
        hash[0] = (byte) seq;
        return m.withHead(seq, hash, seq * SECOND);
    }

    /** The tree root the checkpointer signs: any 32 bytes will do here. */
    private static byte[] root() {
        return Hashes.sha256(new byte[] {42});
    }

    private static Checkpoint parse(Map<String, byte[]> notes, String name) {
        return Checkpoint.parse(SignedNote.parse(new String(notes.get(name), StandardCharsets.UTF_8)).text());
    }

    @Test
    void withoutAPolicyNothingIsSigned() {
        Checkpointer c = new Checkpointer(null, store, 0);
        assertTrue(c.notesFor(head(initial, 100), CheckpointerTest::root, true, 0).isEmpty());
        c.committed();
        c.deliver();
        assertFalse(c.dueByTime(head(initial, 100), Long.MAX_VALUE));
    }

    @Test
    void signsEveryNEntriesOverTheStateTheCommitProduces() {
        Checkpointer c = new Checkpointer(policy(5, null, heard::add), store, 0);
        assertTrue(c.notesFor(head(initial, 4), CheckpointerTest::root, false, SECOND).isEmpty(), "4 entries: not yet");
        LogMeta five = head(initial, 5);
        Map<String, byte[]> notes = c.notesFor(five, CheckpointerTest::root, false, 2 * SECOND);
        Checkpoint cp = parse(notes, CheckpointPolicy.LATEST);
        assertEquals(5, cp.headSeq());
        assertArrayEquals(five.headHash(), cp.headHash());
        assertEquals(2 * SECOND, cp.timeMicros());
        assertEquals(Checkpointer.origin(initial), cp.origin());
        assertFalse(notes.containsKey(CheckpointPolicy.PRUNE_ANCHOR), "no cut, no prune anchor");
        c.committed();
        c.deliver();
        assertEquals(1, heard.size());

        assertTrue(c.notesFor(head(initial, 9), CheckpointerTest::root, false, 3 * SECOND).isEmpty(), "counted from the last checkpoint");
        assertEquals(10, parse(c.notesFor(head(initial, 10), CheckpointerTest::root, false, 3 * SECOND), CheckpointPolicy.LATEST).headSeq());
    }

    @Test
    void aNoteWhoseCommitFailedIsForgotten() {
        Checkpointer c = new Checkpointer(policy(5, null, heard::add), store, 0);
        assertFalse(c.notesFor(head(initial, 5), CheckpointerTest::root, false, SECOND).isEmpty());
        c.aborted();
        c.committed();
        c.deliver();
        assertTrue(heard.isEmpty(), "an aborted commit's note is never delivered");
        assertFalse(c.notesFor(head(initial, 5), CheckpointerTest::root, false, SECOND).isEmpty(), "still due: the last checkpoint is unchanged");
    }

    @Test
    void everyCutIsSignedAndKeptAsThePruneAnchor() {
        Checkpointer c = new Checkpointer(policy(1000, null, heard::add), store, 0);
        LogMeta cut = head(initial, 7).withLogStart(4, new byte[32]);
        Map<String, byte[]> notes = c.notesFor(cut, CheckpointerTest::root, true, SECOND);
        assertEquals(4, parse(notes, CheckpointPolicy.PRUNE_ANCHOR).logStartSeq());
        assertArrayEquals(notes.get(CheckpointPolicy.LATEST), notes.get(CheckpointPolicy.PRUNE_ANCHOR));
    }

    @Test
    void signsByTimeOnlyWhenEntriesAreNotYetCovered() {
        Checkpointer c = new Checkpointer(policy(0, Duration.ofSeconds(10), heard::add), store, 0);
        LogMeta three = head(initial, 3);
        assertFalse(c.dueByTime(three, 9 * SECOND));
        assertTrue(c.dueByTime(three, 10 * SECOND));
        assertFalse(c.notesFor(three, CheckpointerTest::root, false, 10 * SECOND).isEmpty());
        c.committed();
        assertFalse(c.dueByTime(three, 100 * SECOND), "nothing new to cover");
        assertTrue(c.dueByTime(head(initial, 4), 20 * SECOND));
    }

    @Test
    void resumesFromTheStoredCheckpointAfterARestart() {
        Checkpointer before = new Checkpointer(policy(5, null, heard::add), store, 0);
        LogMeta five = head(initial, 5);
        Map<String, byte[]> notes = before.notesFor(five, CheckpointerTest::root, false, SECOND);
        store.commit(new CommitBatch(List.of(), null, five, notes), true);
        before.committed();

        Checkpointer after = new Checkpointer(policy(5, null, heard::add), store, 2 * SECOND);
        assertTrue(after.notesFor(head(initial, 9), CheckpointerTest::root, false, 3 * SECOND).isEmpty(), "5 was signed before the restart");
        assertFalse(after.notesFor(head(initial, 10), CheckpointerTest::root, false, 3 * SECOND).isEmpty());
    }

    @Test
    void anUnreadableStoredCheckpointIsReplacedAtTheNextCommit() {
        store.commit(new CommitBatch(List.of(), null, initial,
                Map.of(CheckpointPolicy.LATEST, "not a note".getBytes(StandardCharsets.UTF_8))), true);
        Checkpointer c = new Checkpointer(policy(1000, null, heard::add), store, 0);
        assertFalse(c.notesFor(head(initial, 1), CheckpointerTest::root, false, SECOND).isEmpty());
    }

    @Test
    void theListenerHearsEveryCommittedNoteOnceInCommitOrderAndItsFailureIsNotTheLogs() throws Exception {
        Checkpointer c = new Checkpointer(policy(1, null, heard::add), store, 0);
        for (int seq = 1; seq <= 3; seq++) {
            c.notesFor(head(initial, seq), CheckpointerTest::root, false, seq * SECOND);
            c.committed(); // three commits before anyone delivers
        }
        assertTrue(heard.isEmpty(), "nothing is delivered by the commit itself");
        Thread other = new Thread(c::deliver);
        other.start();
        other.join();
        c.deliver(); // the thread of the first commit comes late: the notes were delivered already, once
        assertEquals(List.of(1L, 2L, 3L), heard.stream().map(n -> Checkpoint.parse(n.text()).headSeq()).toList());

        Checkpointer failing = new Checkpointer(policy(1, null, n -> {
            throw new IllegalStateException("listener bug");
        }), store, 0);
        failing.notesFor(head(initial, 1), CheckpointerTest::root, false, SECOND);
        failing.committed();
        failing.deliver(); // logged, not thrown
    }

    @Test
    void aDeliveryReturnsOnlyOnceTheNotesQueuedBeforeItWereHeardEvenByAnotherThread() throws Exception {
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> heardSeqs = new CopyOnWriteArrayList<>();
        Checkpointer c = new Checkpointer(policy(1, null, n -> {
            inListener.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            heardSeqs.add(Checkpoint.parse(n.text()).headSeq());
        }), store, 0);
        c.notesFor(head(initial, 1), CheckpointerTest::root, false, SECOND);
        c.committed();
        Thread first = new Thread(c::deliver); // takes the note off the queue, and is held in the listener
        first.start();
        assertTrue(inListener.await(1, TimeUnit.MINUTES));

        List<Long> heardWhenReturned = new CopyOnWriteArrayList<>();
        Thread second = new Thread(() -> {
            c.deliver(); // the queue is empty, but its note is still being handed over
            heardWhenReturned.addAll(heardSeqs);
        });
        second.start();
        second.join(200); // no answer expected yet; should it return, it returned too early
        release.countDown();
        second.join();
        first.join();
        assertEquals(List.of(1L), heardWhenReturned, "the note was heard before the second delivery returned");
    }
}
