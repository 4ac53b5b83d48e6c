package dev.chainlog.rocksdb;

import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.Head;
import dev.chainlog.api.VerifyOptions;
import dev.chainlog.contract.TestKit;
import dev.chainlog.core.ChainedEventLog;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.chainlog.contract.TestKit.all;
import static dev.chainlog.contract.TestKit.assertIntact;
import static dev.chainlog.rocksdb.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An online backup (RocksDB checkpoint) opens as a log and verifies, while the source keeps taking appends. */
class BackupTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"WAL", "NONE"})
    void aBackupTakenDuringAppendsOpensAsAVerifiedPrefix(Durability mode) throws Exception {
        Path dir = tmp.resolve("log");
        Path backup = tmp.resolve("backups").resolve("b1");
        Head before;
        try (EventLog log = EventLogs.open(config(dir).durability(mode).build())) {
            TestKit.appendN(log, 1, 500);
            before = log.head();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    log.append(TestKit.event(i));
                }
            });
            writer.start();
            try {
                log.backup(backup);
            } finally {
                stop.set(true);
                writer.join();
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.backup(backup));
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
            IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
                    () -> log.backup(dir.resolve("inside")));
            assertTrue(inside.getMessage().contains("inside the log's own folder"), inside.getMessage());
            assertTrue(Files.notExists(dir.resolve("inside")));
        }
        try (EventLog copy = TestLogs.open(backup)) {
            assertTrue(copy.head().seq() >= before.seq());
            assertIntact(copy.verify(VerifyOptions.expecting(before).withDeep(true)));
            List<Entry> entries = all(copy);
            assertEquals(copy.head().seq(), entries.size());
            assertTrue(Files.isDirectory(dir));
            assertEquals(copy.head().seq() + 1, copy.append(TestKit.event(0)).seq());
        }
        try (EventLog original = TestLogs.open(dir)) { // and the source is unaffected
            assertIntact(original.verify());
        }
    }

    /**
     * A read-only log beside a writer that keeps appending: the copy holds exactly what the reader sees, including the
     * writer's newest commits that are only in its write-ahead log (a secondary's RocksDB checkpoint would lose them).
     */
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"SYNC", "WAL"})
    void aReadOnlyLogBesideAWriterCopiesWhatItSees(Durability mode) throws Exception {
        Path dir = tmp.resolve("log");
        Path backup = tmp.resolve("backups").resolve("copy");
        dev.chainlog.api.EventLogConfig cfg = config(dir).durability(mode).build();
        RocksLogStore store = RocksLogStore.open(cfg);
        try (EventLog log = ChainedEventLog.open(store, cfg)) {
            TestKit.appendN(log, 1, 300);
            store.flush();
            TestKit.appendN(log, 301, 200); // in the WAL and memtables only
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    log.append(TestKit.event(i));
                }
            });
            Head seen;
            String logId;
            try (EventLog reader = EventLogs.openReadOnly(config(dir).build())) {
                writer.start();
                reader.refresh();
                seen = reader.head();
                logId = reader.logId();
                assertTrue(seen.seq() >= 500, "the reader sees the unflushed commits: " + seen);
                reader.backup(backup);
                assertEquals(seen, reader.head(), "no catch-up happened during the copy");
            } finally {
                stop.set(true);
                writer.join();
            }
            try (EventLog copy = TestLogs.open(backup)) {
                assertEquals(seen, copy.head());
                assertEquals(logId, copy.logId(), "a backup is the same log");
                assertIntact(copy.verify(VerifyOptions.expecting(seen).withDeep(true)));
                assertEquals(seen.seq(), all(copy).size());
                assertEquals(seen.seq() + 1, copy.append(TestKit.event(0)).seq());
            }
            assertTrue(Files.list(backup.getParent()).allMatch(p -> p.equals(backup)), "no temporary folder is left");
        }
    }
}
