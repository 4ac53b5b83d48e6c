package dev.chainlog.rocksdb;

import dev.chainlog.api.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deleted-or-replaced-folder check ({@link FolderWatch}); a deleted folder under a whole log: RegressionTest. */
class FolderWatchTest {
    @TempDir
    Path root;

    @Test
    void aFolderThatStaysPassesEveryCheck() throws Exception {
        Path dir = Files.createDirectory(root.resolve("log"));
        FolderWatch watch = new FolderWatch(dir);
        Files.writeString(dir.resolve("file"), "x"); // changing the contents is not replacing the folder
        assertDoesNotThrow(() -> watch.check(true));
        assertDoesNotThrow(() -> watch.check(false));
        assertFalse(watch.lost());
    }

    @Test
    void aDeletedFolderFailsThisAndEveryLaterCheckWithTheSameMessage() throws Exception {
        Path dir = Files.createDirectory(root.resolve("log"));
        FolderWatch watch = new FolderWatch(dir);
        Files.delete(dir);
        StorageException first = assertThrows(StorageException.class, () -> watch.check(true));
        assertTrue(first.getMessage().contains("was deleted or replaced while the log was open"), first.getMessage());
        assertTrue(watch.lost());
        Files.createDirectory(dir);
        StorageException later = assertThrows(StorageException.class, () -> watch.check(false), "not looked at again");
        assertEquals(first.getMessage(), later.getMessage());
    }

    @Test
    void aFolderReplacedByAnotherOfTheSameNameFails() throws Exception {
        Path dir = Files.createDirectory(root.resolve("log"));
        Path other = Files.createDirectory(root.resolve("other")); // made while dir exists: never its inode
        FolderWatch watch = new FolderWatch(dir);
        Files.delete(dir);
        Files.move(other, dir);
        assertThrows(StorageException.class, () -> watch.check(true));
    }
}
