package dev.chainlog.core;

import dev.chainlog.api.StorageException;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.CheckpointPolicy;
import dev.chainlog.checkpoint.NoteKeys;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.NewEntry;
import dev.chainlog.store.PreparedCut;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one place the log writes (docs/DESIGN.md: Single writer, Durability by mode, Prefix after crash), over a real
 * in-memory store that fails on request: durability decided once, the head published only after the store applied
 * the batch, the checkpoint stored in the same batch, and the one failure rule.
 */
class CommitPointTest {
    private static final long NOW = 3_000_000;

    private final WatchedStore store = WatchedStore.withEntries(2);
    private final LogMeta base = store.readMeta();
    private final HighWatermark watermark = new HighWatermark(base);

    private CommitPoint commitPoint(boolean syncAlways, Checkpointer checkpointer) {
        return new CommitPoint(store, watermark, checkpointer, new LogTree(store), syncAlways);
    }

    private CommitPoint commitPoint(boolean syncAlways) {
        return commitPoint(syncAlways, new Checkpointer(null, store, NOW));
    }

    /** Two new entries chained on {@code base}, and the meta they produce. */
    private record Batch(List<NewEntry> entries, LogMeta next) {
    }

    private Batch nextBatch(LogMeta on) {
        EntryChain chain = new EntryChain();
        chain.begin(on.headSeq(), on.headHash(), on.headTs(), NOW);
        List<NewEntry> entries = new ArrayList<>();
        chain.chain(AppendGroupTest.event("a"), null, entries);
        chain.chain(AppendGroupTest.event("b"), null, entries);
        return new Batch(entries, on.withHead(chain.nextSeq() - 1, chain.prev(), chain.ts()));
    }

    @Test
    void aCommitIsStoredThenPublished() {
        CommitPoint cp = commitPoint(false);
        Batch b = nextBatch(base);
        cp.commit(base, b.entries(), null, b.next(), false, NOW);
        assertEquals(b.next(), store.readMeta());
        assertEquals(b.next(), watermark.meta());
        assertEquals(4, store.stored().size());
        assertNull(store.note(CheckpointPolicy.LATEST), "no policy, no checkpoint");
    }

    @Test
    void durabilityIsDecidedOnceFromTheRequestAndTheLogsMode() {
        CommitPoint walMode = commitPoint(false);
        Batch b1 = nextBatch(base);
        walMode.commit(base, b1.entries(), null, b1.next(), false, NOW);
        Batch b2 = nextBatch(b1.next());
        walMode.commit(b1.next(), b2.entries(), null, b2.next(), true, NOW);
        CommitPoint syncMode = commitPoint(true);
        Batch b3 = nextBatch(b2.next());
        syncMode.commit(b2.next(), b3.entries(), null, b3.next(), false, NOW);
        // a cut in SYNC mode is synced because the log's mode says so, not because the store decides it
        try (PreparedCut cut = TestCuts.prepare(store, 3)) {
            syncMode.commit(b3.next(), List.of(), cut, b3.next().withLogStart(3, b3.entries().get(0).hash()), false, NOW);
        }
        assertEquals(List.of(false, true, true, true), store.syncFlags);
        assertEquals(3, store.readMeta().logStartSeq());
    }

    @Test
    void aFailedCommitWhoseStoredHeadIsConfirmedPublishesNothingAndTheLogGoesOn() {
        CommitPoint cp = commitPoint(false);
        Batch b = nextBatch(base);
        store.nextCommit = WatchedStore.Fault.BEFORE_APPLYING;
        StorageException e = assertThrows(StorageException.class,
                () -> cp.commit(base, b.entries(), null, b.next(), false, NOW));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertSame(base, watermark.meta(), "nothing published");
        assertNull(cp.failure(), "the stored head confirms nothing was written: the log goes on");

        cp.commit(base, b.entries(), null, b.next(), false, NOW);
        assertEquals(b.next(), watermark.meta());
    }

    @Test
    void aFailedCommitWithAnUnknownOutcomeRefusesEveryLaterWrite() {
        CommitPoint cp = commitPoint(false);
        Batch b = nextBatch(base);
        store.nextCommit = WatchedStore.Fault.AFTER_APPLYING;
        assertThrows(StorageException.class, () -> cp.commit(base, b.entries(), null, b.next(), false, NOW));
        assertSame(base, watermark.meta(), "nothing published: readers keep the confirmed state");
        StorageException refusal = cp.failure();
        assertNotNull(refusal);
        assertTrue(refusal.getMessage().contains("reopen"), refusal.getMessage());

        AtomicBoolean closed = new AtomicBoolean();
        PreparedCut cut = new PreparedCut() {
            @Override
            public long newStart() {
                return 2;
            }

            @Override
            public dev.chainlog.tree.CompactRange prunedTree() {
                return new LogTree(store).rangeBelow(1);
            }

            @Override
            public long entries() {
                return 1;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        int commits = store.syncFlags.size();
        assertSame(refusal, assertThrows(StorageException.class,
                () -> cp.commit(base, List.of(), cut, base.withLogStart(2, base.headHash()), false, NOW)));
        assertTrue(closed.get(), "a refused cut is released");
        assertEquals(commits, store.syncFlags.size(), "nothing reached the store");
    }

    @Test
    void aFailedCommitWhoseStoredStateCannotBeReadIsAnUnknownOutcome() {
        CommitPoint cp = commitPoint(false);
        Batch b = nextBatch(base);
        store.nextCommit = WatchedStore.Fault.BEFORE_APPLYING;
        store.metaUnreadable = true;
        assertThrows(StorageException.class, () -> cp.commit(base, b.entries(), null, b.next(), false, NOW));
        assertNotNull(cp.failure());
    }

    @Test
    void theCheckpointForACommitIsStoredInTheSameBatchAndHandedOverOnlyAfterIt() {
        KeyPair keys = NoteKeys.generate();
        NoteSigner signer = new NoteSigner(Checkpointer.origin(base), keys.getPrivate(), keys.getPublic());
        List<SignedNote> heard = new ArrayList<>();
        Checkpointer checkpointer = new Checkpointer(new CheckpointPolicy(List.of(signer), 2, null, heard::add), store, NOW);
        CommitPoint cp = commitPoint(false, checkpointer);

        Batch failed = nextBatch(base);
        store.nextCommit = WatchedStore.Fault.BEFORE_APPLYING;
        assertThrows(StorageException.class, () -> cp.commit(base, failed.entries(), null, failed.next(), false, NOW));
        assertNull(store.note(CheckpointPolicy.LATEST), "the failed commit's note was not stored");

        Batch b = nextBatch(base);
        cp.commit(base, b.entries(), null, b.next(), false, NOW);
        assertTrue(heard.isEmpty(), "the listener is called by whoever completes the commit, after the writer role");
        SignedNote storedNote = SignedNote.parse(new String(store.note(CheckpointPolicy.LATEST), StandardCharsets.UTF_8));
        assertEquals(b.next().headSeq(), Checkpoint.parse(storedNote.text()).headSeq());
        checkpointer.deliver();
        assertEquals(List.of(storedNote.text()), heard.stream().map(SignedNote::text).toList(),
                "the failed commit's note is never delivered; the stored one once");
    }

    @Test
    void aCheckpointThatCannotBeSignedFailsItsCommitAndTheLogGoesOn() throws Exception {
        List<SignedNote> heard = new ArrayList<>();
        PrivateKey notEd25519 = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        NoteSigner broken = new NoteSigner(Checkpointer.origin(base), notEd25519, NoteKeys.generate().getPublic());
        Checkpointer checkpointer = new Checkpointer(new CheckpointPolicy(List.of(broken), 1, null, heard::add), store, NOW);
        CommitPoint cp = commitPoint(false, checkpointer);
        Batch b = nextBatch(base);
        StorageException e = assertThrows(StorageException.class,
                () -> cp.commit(base, b.entries(), null, b.next(), false, NOW));
        assertTrue(e.getMessage().contains("signing failed"), e.getMessage());
        assertSame(base, watermark.meta(), "nothing published");
        assertEquals(base, store.readMeta(), "nothing written");
        assertNull(cp.failure(), "nothing was written, and the store says so: the log goes on");
    }

    @Test
    void theFirstMetaOfANewLogIsSynced() {
        WatchedStore fresh = new WatchedStore();
        CommitPoint.commitFirstMeta(fresh, LogMeta.initial("new-log"));
        assertEquals(List.of(true), fresh.syncFlags);
        assertEquals(LogMeta.initial("new-log"), fresh.readMeta());
    }
}
