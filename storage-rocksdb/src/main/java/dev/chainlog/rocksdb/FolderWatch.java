package dev.chainlog.rocksdb;

import dev.chainlog.api.StorageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Notices that a writing store's log folder was deleted or replaced while it is open. Why: RocksDB keeps writing
 * into files whose folder was deleted (open file handles survive an unlink), so without this check a log whose
 * folder is removed under it would keep acknowledging appends that no reopen will ever see.
 *
 * <p>The folder's identity is its file key (an inode), read at open. {@link #check} compares it with the folder's
 * current one: always before a synced commit, and at most every {@value #INTERVAL_NANOS} ns otherwise.
 *
 * <p>Invariant: once the identity differs (or can no longer be read), every later {@link #check} fails, with the
 * same message. Called by the single writer only (its commits, then its close).
 */
final class FolderWatch {
    private static final long INTERVAL_NANOS = 50_000_000L;

    private final Path folder;
    /** The folder's file key at open (null: the file system has none, or it could not be read). */
    private final Object key;
    private long lastCheckNanos;
    private volatile String lost;

    FolderWatch(Path folder) {
        this.folder = folder;
        this.key = fileKey(folder);
    }

    /**
     * Throws a {@link StorageException} once the folder is gone or replaced; {@code always}: look now, otherwise at
     * most every {@value #INTERVAL_NANOS} ns.
     */
    void check(boolean always) {
        if (lost != null) {
            throw new StorageException(lost);
        }
        long now = System.nanoTime();
        if (!always && now - lastCheckNanos < INTERVAL_NANOS) {
            return;
        }
        lastCheckNanos = now;
        Object current = fileKey(folder);
        if (current == null || !current.equals(key)) {
            lost = "the log's folder " + folder + " was deleted or replaced while the log was open; "
                    + "appends since are not on disk: restore the folder from a backup";
            throw new StorageException(lost);
        }
    }

    /** True once a {@link #check} found the folder gone or replaced. */
    boolean lost() {
        return lost != null;
    }

    private static Object fileKey(Path dir) {
        try {
            return Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
