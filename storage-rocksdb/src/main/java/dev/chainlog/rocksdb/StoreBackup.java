package dev.chainlog.rocksdb;

import dev.chainlog.api.IoErrors;
import dev.chainlog.api.StorageException;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The backup of an open log: a consistent copy into a new folder, which then opens as a log, with the same log id.
 * <ol>
 *   <li>The target: RocksDB must read its path as Java does ({@link RocksPaths}: a {@code ConfigException}); it
 *       must not exist and must not lie inside the log's own folder ({@link IllegalArgumentException}); its parent
 *       is created.</li>
 *   <li>The writer takes a RocksDB checkpoint (hard links where possible; in {@code NONE} mode the memtables are
 *       flushed into it).</li>
 *   <li>A read-only (secondary) store, beside another process that writes, copies what it sees key by key
 *       ({@link SecondaryCopy}) into a temporary folder beside the target and renames it into place; a copy that
 *       fails is removed, so no half log is ever left under the target's name. The copy holds the store's catch-up
 *       lock, so no catch-up lands during it and every column family is read at one version.</li>
 * </ol>
 * Every native call runs inside the store's {@link Guard}.
 */
final class StoreBackup {
    /** The store's own log, where backups have always been reported. */
    private static final Logger LOG = LoggerFactory.getLogger(RocksLogStore.class);

    private final Path logFolder;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> allColumns;
    private final Guard guard;
    private final ReentrantReadWriteLock catchUp;
    private final boolean readOnly;

    /**
     * @param allColumns every column family, in {@link Column} order with the default one last
     * @param catchUp    the read-only store's catch-up lock, held (shared) during a copy
     */
    StoreBackup(Path logFolder, RocksDB db, List<ColumnFamilyHandle> allColumns, Guard guard,
                ReentrantReadWriteLock catchUp, boolean readOnly) {
        this.logFolder = logFolder;
        this.db = db;
        this.allColumns = allColumns;
        this.guard = guard;
        this.catchUp = catchUp;
        this.readOnly = readOnly;
    }

    /** Backs the log up into {@code dir}, as {@link RocksLogStore#backup} describes. */
    void into(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        String rocksTarget = RocksPaths.of(target, RocksPaths.BACKUP_FOLDER);
        if (Files.exists(target)) {
            throw new IllegalArgumentException("cannot back up into " + target + ": it already exists (a backup needs a new folder)");
        }
        if (LogFolder.realPathToBe(target).startsWith(logFolder)) {
            throw new IllegalArgumentException("cannot back up into " + target + ": it is inside the log's own folder "
                    + logFolder);
        }
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
        } catch (IOException e) {
            throw new StorageException("cannot create the parent of the backup folder " + target + ": " + IoErrors.describe(e), e);
        }
        if (readOnly) {
            copyInto(target);
        } else {
            checkpointInto(target, rocksTarget);
        }
    }

    private void checkpointInto(Path target, String rocksTarget) {
        guard.enter();
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
            checkpoint.createCheckpoint(rocksTarget);
        } catch (RocksDBException e) {
            throw RocksErrors.operation("backing up to " + target, e);
        } finally {
            guard.exit();
        }
    }

    private void copyInto(Path target) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".copying-" + Long.toHexString(System.nanoTime()));
        catchUp.readLock().lock();
        guard.enter();
        try {
            long keys = SecondaryCopy.copy(db, allColumns, tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("chainlog: copied {} keys of {} to {}", keys, logFolder, target);
        } catch (IOException e) {
            throw new StorageException("cannot move the copy into place at " + target + ": " + IoErrors.describe(e), e);
        } finally {
            guard.exit();
            catchUp.readLock().unlock();
            try {
                if (Files.exists(tmp)) {
                    Folders.deleteTree(tmp);
                }
            } catch (IOException e) {
                LOG.warn("chainlog: could not remove the unfinished copy {}: {}", tmp, e.toString());
            }
        }
    }
}
