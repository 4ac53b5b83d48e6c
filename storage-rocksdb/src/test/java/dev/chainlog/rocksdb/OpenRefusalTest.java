package dev.chainlog.rocksdb;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.StorageException;
import dev.chainlog.contract.TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.chainlog.rocksdb.TestLogs.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Folders that must not be opened as a log are refused with a clear one-line message, and left exactly as they
 * were: nothing created, renamed or modified.
 */
class OpenRefusalTest {
    @TempDir
    Path tmp;

    private static StorageException refused(Path path) {
        StorageException e = assertThrows(StorageException.class, () -> TestLogs.open(path));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void aLogOpenInAnotherProcessIsLocked() throws Exception {
        Path dir = tmp.resolve("log");
        Process holder = TestLogs.childJvm(tmp, LockHolderChild.class, dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("OPEN", out.readLine());
            Map<String, String> before = listing(dir);

            StorageException e = refused(dir);
            assertTrue(e.getMessage().contains("locked by another process"), e.getMessage());
            assertEquals(before, listing(dir), "a refused open must not touch the owner's folder");

            holder.getOutputStream().close(); // the holder closes the log and exits
            assertEquals("CLOSED", out.readLine());
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        } finally {
            holder.destroyForcibly();
        }
        try (EventLog log = TestLogs.open(dir)) { // free again
            assertEquals(1, log.head().seq());
        }
    }

    @Test
    void aLogOpenInThisProcessIsLockedToo() {
        Path dir = tmp.resolve("log");
        try (EventLog log = TestLogs.open(dir)) {
            log.append(TestKit.event(1));
            Map<String, String> before = listing(dir);
            StorageException e = refused(dir);
            assertTrue(e.getMessage().contains("locked by another process"), e.getMessage());
            // Also through another spelling of the same folder.
            refused(tmp.resolve("x").resolve("..").resolve("log"));
            assertEquals(before, listing(dir));
            assertEquals(1, log.head().seq(), "the first log is unaffected");
        }
        try (EventLog log = TestLogs.open(dir)) {
            assertEquals(1, log.head().seq());
        }
    }

    @Test
    void aPathThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("log"), "hello");
        Map<String, String> before = listing(tmp);
        StorageException e = refused(file);
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
        assertEquals(before, listing(tmp), "nothing created or changed");
    }

    @Test
    void aFolderUnderAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        StorageException e = refused(file.resolve("log"));
        assertTrue(e.getMessage().contains("cannot create the log folder"), e.getMessage());
    }

    @Test
    void aFolderWithOtherFilesIsNotAChainlogLog() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(dir.resolve("notes.txt"), "not a log");
        Map<String, String> before = listing(dir);
        StorageException e = refused(dir);
        assertTrue(e.getMessage().contains("not a chainlog log") && e.getMessage().contains("notes.txt"),
                e.getMessage());
        assertEquals(before, listing(dir));
    }

    @Test
    void aRocksDbWithoutChainlogsColumnFamiliesIsNotAChainlogLog() throws RocksDBException {
        Path dir = tmp.resolve("other-db");
        RocksDB.loadLibrary();
        try (Options o = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(o, dir.toString())) {
            db.put("someone".getBytes(StandardCharsets.UTF_8), "else's data".getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> before = listing(dir);
        // Only `default` is also how a log looks while another process creates it: refused once that had time to end.
        StorageException e = refused(dir);
        assertTrue(e.getMessage().contains("not a chainlog log") && e.getMessage().contains("[default]"),
                e.getMessage());
        assertFalse(e instanceof CorruptLogException);
        StorageException r = assertThrows(StorageException.class,
                () -> EventLogs.openReadOnly(EventLogConfig.rocksdb(dir)));
        assertTrue(r.getMessage().contains("not a chainlog log") && r.getMessage().contains("[default]"),
                r.getMessage());
        assertEquals(before, listing(dir));
    }

    /** RocksDB's first files without CURRENT: a creation interrupted (or still running elsewhere) at its start. */
    @Test
    void rocksDbFilesWithoutCurrentAreRefusedAfterTheWait() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("half-created"));
        Files.writeString(dir.resolve("LOCK"), "");
        Files.writeString(dir.resolve("IDENTITY"), "5b8e7c1e-0000-4000-8000-000000000000");
        Map<String, String> before = listing(dir);
        StorageException e = refused(dir);
        assertTrue(e.getMessage().contains("holds no RocksDB database (found [IDENTITY, LOCK])"), e.getMessage());
        assertEquals(before, listing(dir));
    }

    @Test
    void anUnreadableFolderIsRefused() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads any folder: chmod cannot stop it");
        Path dir = Files.createDirectories(tmp.resolve("locked-down"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("---------"));
        try {
            StorageException e = refused(dir);
            assertTrue(e.getMessage().contains("not readable and writable"), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        assertEquals(1, listing(dir).size(), "nothing created");
    }

    @Test
    void aMissingFolderIsCreatedWithItsParents() {
        Path dir = tmp.resolve("a").resolve("b").resolve("log");
        try (EventLog log = EventLogs.open(EventLogConfig.rocksdb(dir))) {
            assertEquals(1, log.append(TestKit.event(1)).seq());
        }
        assertTrue(Files.isDirectory(dir));
    }
}
