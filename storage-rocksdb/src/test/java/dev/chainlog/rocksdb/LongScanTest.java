package dev.chainlog.rocksdb;

import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.RecordCursor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.chainlog.rocksdb.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scans long enough to be read ahead on a second thread ({@link EntryPrefetcher}): a verify sees every entry and
 * every kind of damage in any chunk, and closing a cursor or the store mid-scan ends the prefetch thread.
 */
class LongScanTest {
    /** Several prefetch chunks, and well past the length from which a scan is prefetched. */
    private static final int N = (int) RocksCursor.PREFETCH_MIN_ENTRIES * 3 + 123;

    @TempDir
    Path dir;

    private List<Entry> fill() {
        List<Entry> written = new ArrayList<>(N);
        try (EventLog log = EventLogs.open(config(dir).build())) {
            for (int from = 0; from < N; from += 1000) {
                List<Event> batch = new ArrayList<>();
                for (int i = from; i < Math.min(N, from + 1000); i++) {
                    batch.add(Event.builder("scan.test").payload(Map.of("i", i)).build());
                }
                written.addAll(log.appendBatch(batch));
            }
        }
        return written;
    }

    private static long prefetchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("chainlog-scan-prefetch") && t.isAlive()).count();
    }

    @Test
    void aLongScanReturnsEveryEntryWithItsChecksumInOrder() {
        List<Entry> written = fill();
        try (RocksLogStore store = RocksLogStore.open(config(dir).build());
             RecordCursor c = store.scan(1, Long.MAX_VALUE)) {
            int i = 0;
            while (c.next()) {
                Entry w = written.get(i++);
                assertEquals(w.seq(), c.seq());
                assertArrayEquals(w.storedValue(), c.value());
                assertArrayEquals(w.hashBytes(), c.checksum());
            }
            assertEquals(N, i);
        }
    }

    @Test
    void verifyFindsDamageInAnyChunkOfALongLog() {
        List<Entry> written = fill();
        long edited = 1500;
        long deleted = 2L * EntryPrefetcher.CHUNK + 7;
        long badSum = N - 1;
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            RocksTamperer raw = new RocksTamperer(store);
            raw.put(Column.ENTRIES, Keys.seq(edited), written.get((int) edited - 1).json()
                    .replace("\"i\":" + (edited - 1), "\"i\":-1").getBytes(StandardCharsets.UTF_8));
            raw.delete(Column.ENTRIES, Keys.seq(deleted));
            raw.delete(Column.CHECKSUMS, Keys.seq(deleted));
            raw.put(Column.CHECKSUMS, Keys.seq(badSum), Hashes.sha256(new byte[] {1}));
            raw.put(Column.ENTRIES, new byte[] {1, 2, 3}, "{}".getBytes(StandardCharsets.UTF_8)); // skipped
        }
        try (EventLog log = EventLogs.open(config(dir).build())) {
            IntegrityReport r = log.verify();
            List<Problem> kinds = r.problems().stream()
                    .map(p -> new Problem(p.kind(), p.seq(), p.lastSeq(), "")).toList();
            assertEquals(List.of(
                    new Problem(ProblemKind.CONTENT_CHANGED, edited, edited, ""),
                    new Problem(ProblemKind.SEQUENCE_GAP, deleted, deleted, ""),
                    new Problem(ProblemKind.CHECKSUM_MISMATCH, badSum, badSum, "")), kinds, r.summary());
            assertEquals(N - 1, r.checked());
        }
    }

    @Test
    void closingACursorMidScanEndsItsPrefetchThread() {
        fill();
        try (RocksLogStore store = RocksLogStore.open(config(dir).build())) {
            long before = prefetchThreads();
            RecordCursor c = store.scan(1, Long.MAX_VALUE);
            for (int i = 0; i < 10; i++) {
                assertTrue(c.next());
            }
            assertEquals(before + 2, prefetchThreads(), "one prefetch thread per iterator: entries and checksums");
            c.close();
            assertEquals(before, prefetchThreads(), "close() waits for the prefetch thread");
            assertFalse(c.next());
        }
    }

    @Test
    void closingTheStoreMidScanEndsTheScanAndItsThread() {
        fill();
        long before = prefetchThreads();
        RocksLogStore store = RocksLogStore.open(config(dir).build());
        RecordCursor c = store.scan(1, Long.MAX_VALUE);
        for (int i = 0; i < 10; i++) {
            assertTrue(c.next());
        }
        store.close();
        assertEquals(before, prefetchThreads(), "the store's close releases the cursor and its thread");
        try {
            int more = 0;
            while (c.next()) {
                more++; // entries already handed over may still be returned; then the scan ends
            }
            assertTrue(more < N);
        } catch (LogClosedException expected) {
            // or it says the storage is closed
        }
        c.close();
    }

    @Test
    void aShortScanStaysOnTheCallingThread() {
        fill();
        try (RocksLogStore store = RocksLogStore.open(config(dir).build());
             RecordCursor c = store.scan(1, 100)) {
            long before = prefetchThreads();
            assertTrue(c.next());
            assertEquals(before, prefetchThreads());
        }
    }

    @Test
    void aScanOpenedOnAClosedStoreFails() {
        RocksLogStore store = RocksLogStore.open(config(dir).build());
        store.close();
        assertThrows(LogClosedException.class, () -> store.scan(1, Long.MAX_VALUE));
    }
}
