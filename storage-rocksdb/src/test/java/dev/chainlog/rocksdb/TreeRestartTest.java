package dev.chainlog.rocksdb;

import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.api.StorageException;
import dev.chainlog.contract.TestKit;
import dev.chainlog.chain.Hashes;
import dev.chainlog.tree.DenseTree;
import dev.chainlog.tree.Proofs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.chainlog.contract.TestKit.appendN;
import static dev.chainlog.contract.TestKit.assertIntact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Merkle tree of a RocksDB log across restarts (docs/FORMAT.md §9b): the frontier rebuilt on open
 * continues the same tree; after a retention cut and a restart every retained entry and every tree of a retained
 * size is still proved; a log written before chainlog kept a tree gets it built once by the writer's open.
 */
class TreeRestartTest {
    @TempDir
    Path dir;

    private static void add(DenseTree dense, List<Entry> entries) {
        entries.forEach(e -> dense.appendLeafData(Hashes.sha256(e.storedValue())));
    }

    @Test
    void theTreeContinuesAcrossRestartsAndRetentionKeepsItProvable() {
        DenseTree dense = new DenseTree();
        List<Entry> all = new ArrayList<>();
        int appended = 0;
        for (int round = 0; round < 4; round++) {
            try (EventLog log = TestLogs.open(dir)) {
                List<Entry> more = appendN(log, appended + 1, 333);
                appended += 333;
                all.addAll(more);
                add(dense, more);
                assertArrayEquals(dense.root(), log.treeRoot(appended), "round " + round);
            }
        }
        try (EventLog log = dev.chainlog.api.EventLogs.open(TestLogs.config(dir).maxEntries(700).build())) {
            assertArrayEquals(dense.root(), log.treeRoot(appended), "after the last restart");
            log.applyRetention();
            assertEquals(appended - 700 + 1, log.logStartSeq());
        }
        Random random = new Random(3);
        long head = appended;
        try (EventLog log = TestLogs.open(dir)) {
            long start = log.logStartSeq();
            long cut = start - 1;
            for (long size = cut; size <= appended; size++) {
                assertArrayEquals(Proofs.root(dense, size), log.treeRoot(size), "root of size " + size);
            }
            for (long seq = start; seq <= appended; seq++) {
                long size = seq + random.nextInt((int) (appended - seq + 1));
                assertTrue(log.inclusionProof(seq, size).verify(all.get((int) seq - 1).storedValue()), "seq " + seq);
            }
            assertTrue(log.consistencyProof(cut, appended).verify());
            assertThrows(CursorExpiredException.class, () -> log.consistencyProof(cut - 1, head));
            List<Entry> more = appendN(log, appended + 1, 300);
            add(dense, more);
            assertArrayEquals(dense.root(), log.treeRoot(appended + 300), "appends after the cut extend the same tree");
            assertIntact(log.verify());
        }
    }

    @Test
    void aLogWrittenBeforeTheTreeGetsItBuiltOnceByTheWriter() throws Exception {
        List<Entry> entries;
        try (EventLog log = TestLogs.open(dir)) {
            entries = appendN(log, 70_000); // more than one build chunk of 65,536
        }
        dropTreeColumnFamily();
        StorageException reader = assertThrows(StorageException.class, () -> dev.chainlog.api.EventLogs.openReadOnly(
                TestLogs.config(dir).build()));
        assertTrue(reader.getMessage().contains("older chainlog") && reader.getMessage().contains("open it once for writing"),
                reader.getMessage());
        DenseTree dense = new DenseTree();
        add(dense, entries);
        try (EventLog log = TestLogs.open(dir)) {
            assertArrayEquals(dense.root(), log.treeRoot(70_000));
            assertTrue(log.inclusionProof(65_537, 70_000).verify(entries.get(65_536).storedValue()));
            assertIntact(log.verify(), "every stored node of the build matches the entries");
            List<Entry> more = appendN(log, 70_001, 10);
            add(dense, more);
            assertArrayEquals(dense.root(), log.treeRoot(70_010));
        }
        try (EventLog reader2 = dev.chainlog.api.EventLogs.openReadOnly(TestLogs.config(dir).build())) {
            assertArrayEquals(dense.root(), reader2.treeRoot(70_010), "a reader sees the built tree");
        }
    }

    @Test
    void aDamagedStoredRangeOpensForReadingAndVerifyButRefusesWrites() throws Exception {
        try (EventLog log = TestLogs.open(dir)) {
            appendN(log, 300);
        }
        try (RocksLogStore store = RocksLogStore.open(TestLogs.config(dir).build())) {
            new RocksTamperer(store).put(Column.TREE, TreeKeys.BASE, new byte[] {1, 2, 3});
        }
        try (EventLog log = TestLogs.open(dir)) {
            assertEquals(300, log.head().seq(), "it opens");
            IntegrityReport r = log.verify();
            assertEquals(ProblemKind.TREE_MISMATCH, r.problems().get(0).kind(), r.summary());
            StorageException refused = assertThrows(StorageException.class, () -> log.append(TestKit.event(301)));
            assertTrue(refused.getMessage().contains("Merkle tree"), refused.getMessage());
        }
    }

    /** What a folder written before chainlog kept a tree looks like: no {@code tree} column family at all. */
    private void dropTreeColumnFamily() throws Exception {
        String path = RocksPaths.of(dir.toRealPath(), RocksPaths.LOG_FOLDER);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        try (org.rocksdb.Options listing = new org.rocksdb.Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(listing, path)) {
                descriptors.add(new ColumnFamilyDescriptor(name));
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.open(options, path, descriptors, handles)) {
            for (ColumnFamilyHandle h : handles) {
                if (new String(h.getName()).equals("tree")) {
                    db.dropColumnFamily(h);
                }
            }
            handles.forEach(ColumnFamilyHandle::close);
        }
    }
}
