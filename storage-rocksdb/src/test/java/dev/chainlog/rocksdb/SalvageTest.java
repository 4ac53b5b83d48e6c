package dev.chainlog.rocksdb;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;
import dev.chainlog.contract.TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.chainlog.contract.TestKit.all;
import static dev.chainlog.contract.TestKit.assertChained;
import static dev.chainlog.contract.TestKit.assertIntact;
import static dev.chainlog.rocksdb.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write-ahead log damaged in the middle (not a torn tail) refuses to open, with a message that names the
 * salvage option; opening with {@code salvage=true} keeps the consistent prefix before the damage.
 */
class SalvageTest {
    @TempDir
    Path tmp;

    @Test
    void aWalDamagedInTheMiddleRefusesToOpenAndSalvageKeepsThePrefix() throws Exception {
        Path dir = tmp.resolve("log");
        long acked = appendUntilKilled(dir, 3000); // leaves the entries in the WAL only: no flush happened
        Path wal = onlyWal(dir);
        long size = Files.size(wal);
        assertTrue(size > 100_000, "WAL of " + size + " bytes");
        flipByte(wal, size / 2);

        CorruptLogException e = assertThrows(CorruptLogException.class, () -> TestLogs.open(dir));
        assertTrue(e.getMessage().contains("salvage"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        try (EventLog log = EventLogs.open(config(dir).salvage(true).build())) {
            long head = log.head().seq();
            assertTrue(head > 0 && head < acked, "a prefix: head " + head + " of " + acked + " acknowledged");
            List<Entry> entries = all(log);
            assertEquals(head, entries.size());
            assertChained(entries);
            assertIntact(log.verify());
            assertEquals(head + 1, log.append(TestKit.event(0)).seq());
        }
        try (EventLog log = TestLogs.open(dir)) { // salvaged once, the log opens normally again
            assertIntact(log.verify());
        }
    }

    private long appendUntilKilled(Path dir, int acks) throws IOException, InterruptedException {
        Process child = TestLogs.childJvm(tmp, CrashChild.class, dir.toString(), "WAL")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long maxSeq = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertTrue(in.readLine().startsWith("READY"));
            for (int i = 0; i < acks; i++) {
                String[] parts = in.readLine().split(" ");
                maxSeq = Math.max(maxSeq, Long.parseLong(parts[1]));
            }
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        return maxSeq;
    }

    private static Path onlyWal(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> logs = s.filter(p -> p.getFileName().toString().endsWith(".log")).toList();
            assertEquals(1, logs.size(), logs.toString());
            return logs.get(0);
        }
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xFF);
        }
    }
}
