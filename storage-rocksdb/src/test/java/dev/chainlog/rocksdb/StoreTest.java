package dev.chainlog.rocksdb;

import dev.chainlog.api.LogClosedException;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.CommitBatch;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.NewEntry;
import dev.chainlog.store.RecordCursor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.chainlog.rocksdb.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The storage SPI contract of {@link RocksLogStore}, below the log. */
class StoreTest {
    @TempDir
    Path dir;

    private static NewEntry entry(long seq, String uuid, String reqId, String source) {
        byte[] value = ("{\"seq\":" + seq + ",\"uuid\":\"" + uuid + "\"}").getBytes(StandardCharsets.UTF_8);
        return new NewEntry(seq, value, Hashes.sha256(value), uuid, reqId, source);
    }

    private static LogMeta commit(RocksLogStore store, LogMeta meta, NewEntry... entries) {
        LogMeta next = meta;
        for (NewEntry e : entries) {
            next = next.withHead(e.seq(), e.hash(), e.seq());
        }
        store.commit(new CommitBatch(List.of(entries), next), false);
        return next;
    }

    @Test
    void aNewStoreHasNoMetaAndNoEntries() {
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            assertEquals("rocksdb", store.name());
            assertNull(store.readMeta());
            assertEquals(0, store.lastStoredSeq());
            assertNull(store.value(1));
            assertEquals(0, store.seqOfUuid("nope"));
            assertEquals(0, store.seqsOfRequest("nope").length);
            try (RecordCursor c = store.scan(1, Long.MAX_VALUE)) {
                assertFalse(c.next());
            }
            assertTrue(store.engineIntegrityProblems().isEmpty());
        }
    }

    @Test
    void metaAndEntriesRoundTripThroughAReopen() {
        LogMeta meta;
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            meta = commit(store, LogMeta.initial("log-1"), entry(1, "u1", "r", "s"), entry(2, "u2", "r", null));
            meta = commit(store, meta, entry(3, "u3", null, "s"));
        }
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            assertEquals(meta, store.readMeta());
            assertEquals(3, store.lastStoredSeq());
            assertArrayEquals(entry(2, "u2", "r", null).value(), store.value(2));
            assertArrayEquals(entry(2, "u2", "r", null).hash(), store.checksum(2));
            assertEquals(3, store.seqOfUuid("u3"));
            assertArrayEquals(new long[] {1, 2}, store.seqsOfRequest("r"));
            assertArrayEquals(new long[] {1, 3}, store.seqsOfSource("s", 0, 10));
        }
    }

    /**
     * A log written with storage layout 1 (one meta key per field) opens; its meta reads the same; the writer rewrites
     * it as the packed layout-2 keys (the old keys gone, so the two layouts never mix) and keeps appending.
     */
    @Test
    void aLayout1LogIsReadAndRewrittenAsTheCurrentLayout() throws Exception {
        LogMeta meta;
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            meta = commit(store, LogMeta.initial("log-1"), entry(1, "u1", null, null), entry(2, "u2", null, null));
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8);
            RocksTamperer raw = new RocksTamperer(store);
            raw.delete(Column.META, MetaCodec.key(MetaCodec.HEAD));
            raw.delete(Column.META, MetaCodec.key(MetaCodec.LOG_START));
            raw.delete(Column.META, MetaCodec.key(MetaCodec.LAYOUT)); // layout 1 logs predate the key, too
            raw.put(Column.META, MetaCodec.key(MetaCodec.V1_HEAD_SEQ), b.putLong(0, 2).array().clone());
            raw.put(Column.META, MetaCodec.key(MetaCodec.V1_HEAD_HASH), meta.headHash());
            raw.put(Column.META, MetaCodec.key(MetaCodec.V1_HEAD_TS), b.putLong(0, meta.headTs()).array().clone());
            raw.put(Column.META, MetaCodec.key(MetaCodec.V1_LOG_START_SEQ), b.putLong(0, 1).array().clone());
            raw.put(Column.META, MetaCodec.key(MetaCodec.V1_LOG_START_PREV), Hashes.zero());
            assertEquals(meta, store.readMeta(), "layout 1 decodes to the same meta");
        }
        try (RocksLogStore store = RocksLogStore.openReadOnly(config(dir).build())) {
            assertEquals(meta, store.readMeta(), "a read-only open reads layout 1 without rewriting it");
        }
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            RocksTamperer raw = new RocksTamperer(store);
            assertEquals(meta, store.readMeta());
            assertNull(raw.get(Column.META, MetaCodec.key(MetaCodec.V1_HEAD_SEQ)), "layout-1 keys removed");
            assertArrayEquals(new byte[] {0, 0, 0, (byte) MetaCodec.LAYOUT_VERSION},
                    raw.get(Column.META, MetaCodec.key(MetaCodec.LAYOUT)));
            meta = commit(store, meta, entry(3, "u3", null, null));
        }
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            assertEquals(meta, store.readMeta());
            assertEquals(3, store.lastStoredSeq());
        }
    }

    /** A commit writes the meta keys it changes; the constant keys written by the first commit stay readable. */
    @Test
    void laterCommitsKeepTheMetaWrittenByTheFirst() {
        LogMeta meta;
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            meta = commit(store, LogMeta.initial("log-1"), entry(1, "u1", null, null));
            for (long seq = 2; seq <= 5; seq++) {
                meta = commit(store, meta, entry(seq, "u" + seq, null, null));
            }
            LogMeta cut = meta.withLogStart(3, entry(2, "u2", null, null).hash());
            store.commit(new CommitBatch(List.of(), store.prepareCut(3, dev.chainlog.tree.CompactRange.empty()), cut, java.util.Map.of()), true);
            meta = commit(store, cut, entry(6, "u6", null, null));
            assertEquals(meta, store.readMeta());
        }
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            assertEquals(meta, store.readMeta());
            assertEquals(3, store.readMeta().logStartSeq());
            store.finishCuts(); // the cut's removal may still be the reopened store's to finish (in the background)
            assertNull(store.value(2));
        }
    }

    @Test
    void notesAreStoredWithTheirBatchAndSurviveAReopen() {
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            assertNull(store.note("checkpoint"));
            LogMeta meta = LogMeta.initial("x");
            NewEntry e = entry(1, "a", null, null);
            store.commit(new CommitBatch(List.of(e), null, meta.withHead(1, e.hash(), 1),
                    java.util.Map.of("checkpoint", new byte[] {1, 2}, "head_seq", new byte[] {9})), false);
            assertArrayEquals(new byte[] {1, 2}, store.note("checkpoint"));
        }
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            assertArrayEquals(new byte[] {1, 2}, store.note("checkpoint"));
            assertEquals(1, store.readMeta().headSeq(), "a note named like a meta field does not clobber it");
        }
    }

    @Test
    void indexPrefixesDoNotBleedIntoLongerKeys() {
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            LogMeta meta = LogMeta.initial("x");
            meta = commit(store, meta, entry(1, "a", "a", "a"), entry(2, "b", "ab", "ab"), entry(3, "c", "a", "a"),
                    entry(4, "d", "a\u00e9", "\u00e9"));
            assertArrayEquals(new long[] {1, 3}, store.seqsOfRequest("a"));
            assertArrayEquals(new long[] {2}, store.seqsOfRequest("ab"));
            assertArrayEquals(new long[] {4}, store.seqsOfRequest("a\u00e9"));
            assertArrayEquals(new long[] {1, 3}, store.seqsOfSource("a", 0, 10));
            assertArrayEquals(new long[] {4}, store.seqsOfSource("\u00e9", 0, 10));
            assertEquals(4, store.seqOfUuid("d"));
        }
    }

    @Test
    void seqsOfSourcePagesAfterASeq() {
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            LogMeta meta = LogMeta.initial("x");
            List<NewEntry> batch = new ArrayList<>();
            for (int i = 1; i <= 300; i++) {
                batch.add(entry(i, "u" + i, null, i % 2 == 0 ? "even" : "odd"));
            }
            commit(store, meta, batch.toArray(new NewEntry[0]));
            assertArrayEquals(new long[] {2, 4, 6}, store.seqsOfSource("even", 0, 3));
            assertArrayEquals(new long[] {8, 10}, store.seqsOfSource("even", 6, 2));
            assertArrayEquals(new long[] {258, 260}, store.seqsOfSource("even", 257, 2));
            assertEquals(0, store.seqsOfSource("even", 300, 10).length);
            assertEquals(0, store.seqsOfSource("even", 0, 0).length);
            assertEquals(150, store.seqsOfSource("odd", 0, Integer.MAX_VALUE).length);
        }
    }

    @Test
    void aScanSeesOneSnapshotAndMergesTheChecksumColumn() {
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            LogMeta meta = commit(store, LogMeta.initial("x"), entry(1, "a", null, null), entry(2, "b", null, null),
                    entry(3, "c", null, null));
            RocksTamperer raw = new RocksTamperer(store);
            raw.delete(Column.CHECKSUMS, Keys.seq(2));
            try (RecordCursor c = store.scan(0, 10)) {
                assertTrue(c.next());
                assertEquals(1, c.seq());
                commit(store, meta, entry(4, "d", null, null)); // after the scan started: invisible to it
                raw.delete(Column.ENTRIES, Keys.seq(3));
                assertTrue(c.next());
                assertEquals(2, c.seq());
                assertNull(c.checksum(), "no checksum under key 2");
                assertTrue(c.next());
                assertEquals(3, c.seq());
                assertArrayEquals(entry(3, "c", null, null).hash(), c.checksum());
                assertFalse(c.next());
            }
            try (RecordCursor c = store.scan(2, 4)) {
                assertTrue(c.next());
                assertEquals(2, c.seq());
                assertTrue(c.next());
                assertEquals(4, c.seq());
                assertFalse(c.next());
            }
            try (RecordCursor c = store.scan(5, 4)) {
                assertFalse(c.next());
            }
        }
    }

    @Test
    void closingWithAnOpenCursorReleasesItAndLaterCallsFailCleanly() {
        RocksLogStore store = RocksLogStore.open(config(dir).build());
        commit(store, LogMeta.initial("x"), entry(1, "a", null, null), entry(2, "b", null, null));
        RecordCursor open = store.scan(1, 2);
        assertTrue(open.next());
        store.close();
        store.close(); // idempotent
        assertThrows(LogClosedException.class, open::next);
        open.close();
        assertThrows(LogClosedException.class, () -> store.value(1));
        assertThrows(LogClosedException.class, store::readMeta);
        try (RocksLogStore again = RocksLogStore.open(config(dir).build())) { // lock and folder released
            assertEquals(2, again.lastStoredSeq());
        }
    }

    @Test
    void manyOpensAndClosesReleaseTheFolderEveryTime() {
        for (int i = 0; i < 30; i++) {
            try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
                assertEquals(i == 0 ? null : "x", store.readMeta() == null ? null : store.readMeta().logId());
                if (i == 0) {
                    commit(store, LogMeta.initial("x"), entry(1, "a", null, null));
                }
            }
        }
    }
}
