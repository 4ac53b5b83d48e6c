package dev.chainlog.rocksdb;

import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.ReadOnlyLogException;
import dev.chainlog.api.StorageException;
import dev.chainlog.contract.TestKit;
import dev.chainlog.core.ChainedEventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.chainlog.contract.TestKit.all;
import static dev.chainlog.contract.TestKit.assertIntact;
import static dev.chainlog.rocksdb.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A read-only log (RocksDB secondary instance) follows a writer that holds the log open. */
class ReadOnlyTest {
    @TempDir
    Path tmp;

    @Test
    void aReaderFollowsTheWriterOnRefreshAndCannotWrite() {
        Path dir = tmp.resolve("log");
        EventLogConfig cfg = config(dir).build();
        RocksLogStore writerStore = RocksLogStore.open(cfg);
        try (EventLog writer = ChainedEventLog.open(writerStore, cfg)) {
            List<Entry> first = TestKit.appendN(writer, 1, 100); // in the WAL and memtable only: no flush yet
            try (EventLog reader = EventLogs.openReadOnly(cfg)) {
                assertEquals(first, all(reader));
                assertEquals(writer.head(), reader.head());

                TestKit.appendN(writer, 101, 50);
                assertEquals(100, reader.head().seq(), "a reader sees new commits only after refresh");
                reader.refresh();
                assertEquals(writer.head(), reader.head());
                assertEquals(all(writer), all(reader));
                assertIntact(reader.verify());
                assertTrue(reader.findByUuid(first.get(3).uuid()).isPresent());

                assertThrows(ReadOnlyLogException.class, () -> reader.append(TestKit.event(0)));
                assertThrows(ReadOnlyLogException.class, reader::clear);
            }
            assertEquals(151, writer.append(TestKit.event(151)).seq(), "the writer is unaffected");
        }
    }

    /** Files the writer deletes (compaction after a cut) stay readable to a reader that has not caught up yet. */
    @Test
    void aReaderKeepsItsVersionWhileTheWriterCompactsAwayFiles() {
        Path dir = tmp.resolve("log");
        EventLogConfig cfg = config(dir).build();
        RocksLogStore writerStore = RocksLogStore.open(cfg);
        try (EventLog writer = ChainedEventLog.open(writerStore, cfg)) {
            TestKit.appendN(writer, 1, 3000);
            writerStore.flush();
            try (EventLog reader = EventLogs.openReadOnly(cfg)) {
                writer.clear();
                writerStore.reclaimSpaceNow(); // deletes the SST files the reader's version still uses
                List<Entry> seen = all(reader);
                assertEquals(3000, seen.size());
                assertIntact(reader.verify());
                reader.refresh();
                assertEquals(3001, reader.logStartSeq());
                assertTrue(all(reader).isEmpty());
            }
        }
    }

    @Test
    void aReaderNeedsAnExistingLogAndCreatesNothing() {
        Path missing = tmp.resolve("missing");
        StorageException e = assertThrows(StorageException.class, () -> EventLogs.openReadOnly(config(missing).build()));
        assertTrue(e.getMessage().contains("no chainlog log"), e.getMessage());
        assertFalse(Files.exists(missing));

        Path dir = tmp.resolve("log");
        try (EventLog writer = TestLogs.open(dir)) {
            TestKit.appendN(writer, 1, 10);
        }
        var before = TestLogs.listing(dir);
        try (EventLog reader = EventLogs.openReadOnly(config(dir).build())) { // no writer at all: fine too
            assertEquals(10, all(reader).size());
        }
        assertEquals(before, TestLogs.listing(dir), "a reader writes nothing into the log's folder");
    }
}
