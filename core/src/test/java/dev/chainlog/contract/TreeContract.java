package dev.chainlog.contract;

import dev.chainlog.api.ConsistencyProof;
import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.InclusionProof;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.chain.Hashes;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.NoteKeys;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.NoteVerifier;
import dev.chainlog.tree.DenseTree;
import dev.chainlog.tree.Proofs;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.chainlog.contract.TestKit.appendN;
import static dev.chainlog.contract.TestKit.assertIntact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Merkle tree over the log (docs/FORMAT.md §9): what the log's roots and proofs say is checked against a
 * tree built here from nothing but the entries' stored values ({@link DenseTree}, which every node of is kept in
 * memory), so the stored levels, the folding between them and the pruned range must all be right.
 */
public abstract class TreeContract extends ContractBase {
    private static final int ENTRIES = 1_300; // past levels 8 (256) and 9, 10; 1,300 is no power of two

    /** Appends {@code n} entries in batches of random sizes (so stored nodes complete inside batches too). */
    private static List<Entry> appendInBatches(EventLog log, int n, Random random) {
        List<Entry> all = new ArrayList<>();
        while (all.size() < n) {
            int batch = Math.min(n - all.size(), 1 + random.nextInt(random.nextBoolean() ? 3 : 300));
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                events.add(TestKit.event(all.size() + i + 1));
            }
            all.addAll(log.appendBatch(events));
        }
        return all;
    }

    private static DenseTree denseOf(List<Entry> entries) {
        DenseTree t = new DenseTree();
        for (Entry e : entries) {
            t.appendLeafData(Hashes.sha256(e.storedValue()));
        }
        return t;
    }

    @Test
    void rootsAndProofsAreThoseOfTheTreeOverTheStoredValues() {
        EventLog log = logs().open().log();
        Random random = new Random(13);
        List<Entry> entries = appendInBatches(log, ENTRIES, random);
        DenseTree dense = denseOf(entries);

        assertArrayEquals(Hashes.sha256(new byte[0]), log.treeRoot(0), "the empty tree");
        for (long size = 1; size <= ENTRIES; size++) {
            assertArrayEquals(Proofs.root(dense, size), log.treeRoot(size), "root of size " + size);
        }
        for (int i = 0; i < 400; i++) {
            long size = 1 + random.nextInt(ENTRIES);
            long seq = 1 + random.nextInt((int) size);
            InclusionProof p = log.inclusionProof(seq, size);
            assertTrue(p.verify(entries.get((int) seq - 1).storedValue()), "inclusion of " + seq + " in " + size);
            assertEquals(Proofs.inclusion(dense, seq - 1, size).size(), p.hashes().size());
            assertArrayEquals(Proofs.root(dense, size), p.root());
            assertFalse(p.verify(entries.get((int) (seq % size)).storedValue()) && size > 1,
                    "another entry's value is not proved by this path");

            long old = 1 + random.nextInt((int) size);
            ConsistencyProof c = log.consistencyProof(old, size);
            assertTrue(c.verify(), "consistency " + old + " -> " + size);
            assertArrayEquals(Proofs.root(dense, old), c.oldRoot());
            List<byte[]> expected = Proofs.consistency(dense, old, size);
            assertEquals(expected.size(), c.hashes().size());
            for (int h = 0; h < expected.size(); h++) {
                assertArrayEquals(expected.get(h), c.hashes().get(h));
            }
        }
    }

    @Test
    void outOfRangeRequestsAreRefusedWithAReason() {
        EventLog log = logs().open().log();
        appendN(log, 10);
        assertThrows(IllegalArgumentException.class, () -> log.treeRoot(11));
        assertThrows(IllegalArgumentException.class, () -> log.treeRoot(-1));
        assertThrows(IllegalArgumentException.class, () -> log.inclusionProof(0, 5));
        assertThrows(IllegalArgumentException.class, () -> log.inclusionProof(6, 5));
        assertThrows(IllegalArgumentException.class, () -> log.inclusionProof(5, 11));
        IllegalArgumentException fromEmpty = assertThrows(IllegalArgumentException.class, () -> log.consistencyProof(0, 5));
        assertTrue(fromEmpty.getMessage().contains("empty"), fromEmpty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> log.consistencyProof(6, 5));
        assertThrows(IllegalArgumentException.class, () -> log.consistencyProof(5, 11));
        assertEquals(0, log.consistencyProof(7, 7).hashes().size());
    }

    @Test
    void afterRetentionEveryRetainedEntryAndLargerTreeIsStillProvedAndSmallerOnesAreRefused() {
        EventLog log = logs().open(b -> b.maxEntries(500)).log();
        Random random = new Random(5);
        List<Entry> entries = new ArrayList<>();
        List<byte[]> leafData = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (Entry e : appendInBatches(log, 450, random)) {
                entries.add(e);
                leafData.add(Hashes.sha256(e.storedValue()));
            }
            log.applyRetention();
        }
        long head = log.head().seq();
        long start = log.logStartSeq();
        assertTrue(start > 600, "retention cut " + (start - 1) + " entries");
        DenseTree dense = new DenseTree();
        leafData.forEach(dense::appendLeafData);

        long cut = start - 1; // leaves [0, cut) are pruned
        for (long size = cut; size <= head; size++) {
            assertArrayEquals(Proofs.root(dense, size), log.treeRoot(size), "root of size " + size + " after the cut");
        }
        for (long seq = start; seq <= head; seq++) {
            long size = seq + random.nextInt((int) (head - seq + 1));
            InclusionProof p = log.inclusionProof(seq, size);
            assertTrue(p.verify(entries.get((int) seq - 1).storedValue()), "inclusion of " + seq + " in " + size);
        }
        for (int i = 0; i < 200; i++) {
            long old = Math.max(1, cut) + random.nextInt((int) (head - Math.max(1, cut) + 1));
            long size = old + random.nextInt((int) (head - old + 1));
            ConsistencyProof c = log.consistencyProof(old, size);
            assertTrue(c.verify(), "consistency " + old + " -> " + size);
            assertArrayEquals(Proofs.root(dense, old), c.oldRoot());
        }
        CursorExpiredException below = assertThrows(CursorExpiredException.class, () -> log.consistencyProof(cut - 1, head));
        assertTrue(below.getMessage().contains("pruned boundary"), below.getMessage());
        assertThrows(CursorExpiredException.class, () -> log.treeRoot(cut - 1));
        assertThrows(CursorExpiredException.class, () -> log.inclusionProof(start - 1, head));
        assertIntact(log.verify(), "the tree, its pruned range and the entries agree");
    }

    @Test
    void clearKeepsTheTreeProvableFromTheHead() {
        EventLog log = logs().open().log();
        List<Entry> entries = appendN(log, 300);
        log.clear();
        DenseTree dense = denseOf(entries);
        assertArrayEquals(Proofs.root(dense, 300), log.treeRoot(300));
        List<Entry> more = appendN(log, 301, 20);
        more.forEach(e -> dense.appendLeafData(Hashes.sha256(e.storedValue())));
        assertArrayEquals(Proofs.root(dense, 320), log.treeRoot(320));
        assertTrue(log.consistencyProof(300, 320).verify());
        assertTrue(log.inclusionProof(310, 320).verify(more.get(9).storedValue()));
        assertIntact(log.verify());
    }

    @Test
    void aCheckpointIsATlogCheckpointOfTheTreeRootWithTheChainHeadInAnExtension() {
        EventLog log = logs().open().log();
        appendN(log, 77);
        KeyPair keys = NoteKeys.generate();
        NoteSigner signer = new NoteSigner("chainlog/" + log.logId(), keys.getPrivate(), keys.getPublic());
        String text = log.checkpoint(List.of(signer)).text();
        String[] lines = text.split("\n");
        assertEquals("chainlog/" + log.logId(), lines[0]);
        assertEquals("77", lines[1]);
        assertEquals(java.util.Base64.getEncoder().encodeToString(log.treeRoot(77)), lines[2], "line 3 is the Merkle root");
        Checkpoint cp = Checkpoint.parse(text);
        assertFalse(cp.legacy());
        assertEquals(log.head().hash(), Hashes.hex(cp.headHash()));
        assertTrue(lines[3].startsWith("chainlog-head "), lines[3]);
    }

    @Test
    void checkpointsAreCheckedWithConsistencyProofsAndLegacyOnesByTheirChainHead() {
        EventLog log = logs().open().log();
        KeyPair keys = NoteKeys.generate();
        NoteSigner signer = new NoteSigner("chainlog/" + log.logId(), keys.getPrivate(), keys.getPublic());
        List<NoteVerifier.Key> trusted = List.of(new NoteVerifier.Key(null, keys.getPublic()));
        appendN(log, 40);
        String tlog = log.checkpoint(List.of(signer)).format();
        Checkpoint now = Checkpoint.parse(dev.chainlog.checkpoint.SignedNote.parse(tlog).text());
        Checkpoint legacyBody = new Checkpoint(now.origin(), now.headSeq(), null, now.headHash(), now.logStartSeq(),
                now.logStartPrev(), now.timeMicros());
        String legacy = NoteSigner.signAll(legacyBody.noteText(), List.of(signer)).format();
        appendN(log, 41, 30);

        var report = log.verifyCheckpoints(List.of(tlog, legacy), trusted);
        assertTrue(report.ok(), report.summary());
        assertTrue(report.summary().contains("consistent"), report.summary());

        Checkpoint wrongRoot = new Checkpoint(now.origin(), now.headSeq(), Hashes.sha256(new byte[] {1}), now.headHash(),
                now.logStartSeq(), now.logStartPrev(), now.timeMicros());
        var bad = log.verifyCheckpoints(List.of(NoteSigner.signAll(wrongRoot.noteText(), List.of(signer)).format()), trusted);
        assertFalse(bad.ok(), "a root the log's tree is not consistent with: " + bad.summary());
    }

    @Test
    void verifyReportsAChangedOrMissingTreeNode() {
        LogFixture.Opened o = logs().open();
        appendN(o.log(), 600);
        assertIntact(o.log().verify());
        o.tamper().putTreeNode(8, 1, Hashes.sha256(new byte[] {9}));
        IntegrityReport r = o.log().verify();
        assertEquals(1, r.problems().size(), r.summary());
        assertEquals(ProblemKind.TREE_MISMATCH, r.problems().get(0).kind());
        assertEquals(512, r.problems().get(0).seq(), "the last seq the node covers");
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tiles;

    @Test
    void tilesAreTheTreeInTheC2spLayout() throws Exception {
        EventLog log = logs().open().log();
        List<Entry> entries = appendN(log, 1_400); // 5 whole level-0 tiles and one of 120
        DenseTree dense = denseOf(entries);
        KeyPair keys = NoteKeys.generate();
        var note = log.checkpoint(List.of(new NoteSigner("chainlog/" + log.logId(), keys.getPrivate(), keys.getPublic())));
        java.nio.file.Path dir = tiles.resolve("t");
        var written = log.exportTiles(dir, note);
        assertEquals(1400, written.treeSize());
        assertEquals(7, written.tiles(), "6 at level 0, 1 partial at level 1 (5 hashes)");
        assertEquals(6, written.entryBundles());
        assertEquals(note.format(), java.nio.file.Files.readString(dir.resolve("checkpoint")));
        for (int n = 0; n < 6; n++) {
            int width = n < 5 ? 256 : 120;
            String suffix = n < 5 ? "" : ".p/120";
            byte[] tile = java.nio.file.Files.readAllBytes(dir.resolve("tile/0/00" + n + suffix));
            byte[] bundle = java.nio.file.Files.readAllBytes(dir.resolve("tile/entries/00" + n + suffix));
            assertEquals(32 * width, tile.length);
            assertEquals(34 * width, bundle.length);
            for (int i = 0; i < width; i++) {
                long leaf = 256L * n + i;
                assertArrayEquals(dense.node(0, leaf), java.util.Arrays.copyOfRange(tile, 32 * i, 32 * i + 32));
                assertEquals(0, bundle[34 * i]);
                assertEquals(32, bundle[34 * i + 1]);
                assertArrayEquals(Hashes.sha256(entries.get((int) leaf).storedValue()),
                        java.util.Arrays.copyOfRange(bundle, 34 * i + 2, 34 * i + 34));
            }
        }
        byte[] top = java.nio.file.Files.readAllBytes(dir.resolve("tile/1/000.p/5"));
        for (int j = 0; j < 5; j++) {
            assertArrayEquals(dense.node(8, j), java.util.Arrays.copyOfRange(top, 32 * j, 32 * j + 32));
        }
        assertThrows(IllegalArgumentException.class, () -> log.exportTiles(dir, note), "into a folder that is not empty");
    }

    @Test
    void aPrunedLogWritesItsTilesFromTheMinimumIndexAndEveryHigherTile() throws Exception {
        EventLog log = logs().open(b -> b.maxEntries(600)).log();
        List<Entry> entries = appendN(log, 1_400);
        log.applyRetention();
        long minimumIndex = log.logStartSeq() - 1;
        assertEquals(800, minimumIndex);
        DenseTree dense = denseOf(entries);
        KeyPair keys = NoteKeys.generate();
        var note = log.checkpoint(List.of(new NoteSigner("chainlog/" + log.logId(), keys.getPrivate(), keys.getPublic())));
        java.nio.file.Path dir = tiles.resolve("pruned");
        var written = log.exportTiles(dir, note);
        assertEquals(6, written.notWritten(), "level-0 tiles and bundles 0..2 end at or below 800");
        assertFalse(java.nio.file.Files.exists(dir.resolve("tile/0/002")));
        assertFalse(java.nio.file.Files.exists(dir.resolve("tile/entries/002")));
        byte[] straddling = java.nio.file.Files.readAllBytes(dir.resolve("tile/0/003"));
        for (int i = 0; i < 256; i++) {
            assertArrayEquals(dense.node(0, 768 + i), java.util.Arrays.copyOfRange(straddling, 32 * i, 32 * i + 32),
                    "leaf " + (768 + i) + " of the tile the cut falls in: its leaf data outlives the cut");
        }
        assertTrue(java.nio.file.Files.exists(dir.resolve("tile/entries/003")));
        byte[] top = java.nio.file.Files.readAllBytes(dir.resolve("tile/1/000.p/5"));
        for (int j = 0; j < 5; j++) {
            assertArrayEquals(dense.node(8, j), java.util.Arrays.copyOfRange(top, 32 * j, 32 * j + 32),
                    "level-8 node " + j + " outlives the cut");
        }
        assertArrayEquals(Proofs.root(dense, 1400), log.treeRoot(1400));
    }

    @Test
    void tileIndexesAreWrittenInGroupsOfThreeDigits() {
        assertEquals("tile/0/x001/x234/067", dev.chainlog.tree.Tiles.tile(0, 1_234_067, 256));
        assertEquals("tile/2/000.p/1", dev.chainlog.tree.Tiles.tile(2, 0, 1));
        assertEquals("tile/entries/x001/000.p/255", dev.chainlog.tree.Tiles.entries(1000, 255));
    }

    @Test
    void noTwoCheckpointsTheLogSignsAreInconsistentWithEachOther() {
        KeyPair keys = NoteKeys.generate();
        List<dev.chainlog.checkpoint.SignedNote> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        EventLog log = logs().open(b -> b.maxEntries(700).checkpoints(new dev.chainlog.checkpoint.CheckpointPolicy(
                List.of(new NoteSigner("chainlog/self", keys.getPrivate(), keys.getPublic())), 97, null, heard::add)))
                .log();
        Random random = new Random(11);
        for (int round = 0; round < 6; round++) {
            appendInBatches(log, 250, random);
            if (round % 2 == 1) {
                log.applyRetention(); // a cut signs one too, with its prune anchor
            }
        }
        List<Checkpoint> cps = heard.stream().map(n -> Checkpoint.parse(n.text())).toList();
        assertTrue(cps.size() > 5, cps.size() + " checkpoints");
        long boundary = log.logStartSeq() - 1;
        int pairs = 0;
        for (Checkpoint a : cps) {
            for (Checkpoint b : cps) {
                if (a.treeSize() < boundary || a.treeSize() > b.treeSize() || a.treeSize() == 0) {
                    continue;
                }
                ConsistencyProof p = log.consistencyProof(a.treeSize(), b.treeSize());
                assertTrue(Proofs.verifyConsistency(a.treeSize(), b.treeSize(), a.rootHash(), b.rootHash(), p.hashes()),
                        "checkpoints of sizes " + a.treeSize() + " and " + b.treeSize());
                pairs++;
            }
        }
        assertTrue(pairs > 5, pairs + " pairs above the boundary " + boundary);
    }

    @Test
    void anExportFromSeqOneIsCheckedAgainstTheSignedMerkleRoot() throws Exception {
        EventLog log = logs().open().log();
        appendN(log, 300);
        KeyPair keys = NoteKeys.generate();
        NoteSigner signer = new NoteSigner("chainlog/" + log.logId(), keys.getPrivate(), keys.getPublic());
        List<NoteVerifier.Key> trusted = List.of(new NoteVerifier.Key(null, keys.getPublic()));
        String good = log.checkpoint(List.of(signer)).format();
        Checkpoint cp = Checkpoint.parse(dev.chainlog.checkpoint.SignedNote.parse(good).text());
        Checkpoint otherRoot = new Checkpoint(cp.origin(), cp.treeSize(), Hashes.sha256(new byte[] {3}), cp.headHash(),
                cp.logStartSeq(), cp.logStartPrev(), cp.timeMicros());
        String bad = NoteSigner.signAll(otherRoot.noteText(), List.of(signer)).format();
        appendN(log, 301, 50);
        java.nio.file.Path file = tiles.resolve("export.jsonl");
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            log.exportTo(out, 0);
        }
        List<String> notes = List.of(good, bad);
        var report = dev.chainlog.verify.CheckpointAudit.audit(
                dev.chainlog.verify.ExportView.read(file, notes, 1 << 20), notes, new NoteVerifier(trusted));
        assertEquals(List.of(dev.chainlog.api.CheckpointReport.Kind.MATCHES, dev.chainlog.api.CheckpointReport.Kind.FORK,
                dev.chainlog.api.CheckpointReport.Kind.CONTENT_MISMATCH),
                report.findings().stream().sorted(java.util.Comparator.comparingInt(
                        dev.chainlog.api.CheckpointReport.Finding::checkpoint)).map(f -> f.kind()).toList(), report.summary());
        assertTrue(report.summary().contains("signed Merkle root"), report.summary());
    }

    @Test
    void verifyVouchesForTheStoredNodesBelowTheCutByThePrunedRange() {
        LogFixture.Opened o = logs().open(b -> b.maxEntries(300));
        appendN(o.log(), 1_000);
        o.log().applyRetention();
        assertEquals(701, o.log().logStartSeq());
        assertIntact(o.log().verify());
        o.tamper().putTreeNode(8, 1, Hashes.sha256(new byte[] {5})); // leaves 256..511: long pruned, still stored
        IntegrityReport r = o.log().verify();
        assertEquals(1, r.problems().size(), r.summary());
        assertEquals(ProblemKind.TREE_MISMATCH, r.problems().get(0).kind());
        assertTrue(r.problems().get(0).detail().contains("below the log start"), r.summary());
    }
}
