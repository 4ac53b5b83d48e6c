package dev.chainlog.rocksdb;

import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.Head;
import dev.chainlog.api.StorageException;
import dev.chainlog.api.VerifyOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.chainlog.rocksdb.TestLogs.all;
import static dev.chainlog.rocksdb.TestLogs.assertIntact;
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
            TestLogs.appendN(log, 1, 500);
            before = log.head();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    log.append(TestLogs.event(i));
                }
            });
            writer.start();
            try {
                log.backup(backup);
            } finally {
                stop.set(true);
                writer.join();
            }
            StorageException e = assertThrows(StorageException.class, () -> log.backup(backup));
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        }
        try (EventLog copy = TestLogs.open(backup)) {
            assertTrue(copy.head().seq() >= before.seq());
            assertIntact(copy.verify(VerifyOptions.expecting(before).withDeep(true)));
            List<Entry> entries = all(copy);
            assertEquals(copy.head().seq(), entries.size());
            assertTrue(Files.isDirectory(dir));
            assertEquals(copy.head().seq() + 1, copy.append(TestLogs.event(0)).seq());
        }
        try (EventLog original = TestLogs.open(dir)) { // and the source is unaffected
            assertIntact(original.verify());
        }
    }
}
