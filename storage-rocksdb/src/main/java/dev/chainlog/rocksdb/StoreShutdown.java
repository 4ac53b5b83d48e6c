package dev.chainlog.rocksdb;

import dev.chainlog.api.Durability;
import dev.chainlog.api.StorageException;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The close sequence of a {@link RocksLogStore}, in this order:
 * <ol>
 *   <li>Stop the background threads: the {@link SpaceReclaimer} (a running compaction is cancelled, the one long
 *       native call) and the {@link WalSyncer}.</li>
 *   <li>The writer puts its memtables on disk: an atomic flush of every column family (so the next open replays no
 *       WAL, and in {@code NONE} mode nothing is lost), a last {@link FolderWatch} check, a bounded wait for the
 *       level-0 compaction that flush triggered ({@link #settleLevel0}), and {@link SmallTableMerger}.</li>
 *   <li>Shut the {@link Guard}: wait for the native calls in flight; none starts afterwards.</li>
 *   <li>Release the cursors still open (their snapshots and iterators).</li>
 *   <li>Close every native object, newest first ({@link Resources}: the database before the options it uses), and
 *       only then end the folder's reservation ({@link LogFolder#release}), once RocksDB has released its LOCK.</li>
 * </ol>
 * Steps 4 and 5 run also when an earlier one throws. A failure of step 2 does not stop the close: without a WAL
 * ({@code NONE}) or without the folder, the entries since the last flush are lost, which the close reports, as a
 * {@link StorageException} thrown after everything is freed; otherwise the WAL is replayed on the next open and a
 * warning says so. Idempotent: the first call runs the sequence, later ones return at once.
 */
final class StoreShutdown {
    /** The store's own log, where opens and closes have always been reported. */
    private static final Logger LOG = LoggerFactory.getLogger(RocksLogStore.class);
    /** How long close waits for level 0 to be compacted (see {@link #settleLevel0()}). */
    static final long SETTLE_NANOS = 5_000_000_000L;
    /** RocksDB's default {@code level0_file_num_compaction_trigger}, which chainlog keeps. */
    private static final int LEVEL0_TRIGGER = 4;

    private final LogFolder folder;
    private final Resources resources;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> allColumns;
    private final Guard guard;
    private final Set<RocksCursor> cursors;
    private final SpaceReclaimer reclaimer;
    private final WalSyncer walSyncer;
    private final boolean readOnly;
    private final Runnable flush;
    private final FolderWatch folderWatch;
    private final Durability durability;
    private final AtomicBoolean closing = new AtomicBoolean();

    /**
     * @param allColumns every column family (atomic flushes, level-0 counts, merges)
     * @param cursors    the store's open cursors, live: released in step 4
     * @param reclaimer  null for a read-only store
     * @param walSyncer  null unless the writer's durability is {@code WAL}
     * @param readOnly   a secondary instance: step 2 is skipped (it has nothing of its own to put on disk)
     * @param flush      the store's flush of every column family, for step 2
     */
    StoreShutdown(LogFolder folder, Resources resources, RocksDB db, List<ColumnFamilyHandle> allColumns, Guard guard,
                  Set<RocksCursor> cursors, SpaceReclaimer reclaimer, WalSyncer walSyncer, boolean readOnly,
                  Runnable flush, FolderWatch folderWatch, Durability durability) {
        this.folder = folder;
        this.resources = resources;
        this.db = db;
        this.allColumns = allColumns;
        this.guard = guard;
        this.cursors = cursors;
        this.reclaimer = reclaimer;
        this.walSyncer = walSyncer;
        this.readOnly = readOnly;
        this.flush = flush;
        this.folderWatch = folderWatch;
        this.durability = durability;
    }

    /** Runs the close sequence once; throws the failure of step 2 that lost entries, if any. */
    void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        StorageException lost;
        try {
            if (reclaimer != null) {
                reclaimer.close();
            }
            if (walSyncer != null) {
                walSyncer.close();
            }
            lost = readOnly ? null : putOnDisk();
            guard.shut();
            for (RocksCursor c : List.copyOf(cursors)) {
                c.release();
            }
        } finally {
            resources.close();
            folder.release();
        }
        LOG.debug("chainlog: closed the log at {}", folder.path());
        if (lost != null) {
            throw lost;
        }
    }

    /** Step 2; returns the failure when it lost entries (logged when the WAL still has them), null when done. */
    private StorageException putOnDisk() {
        try {
            flush.run();
            folderWatch.check(true);
            settleLevel0();
            guard.enter();
            try {
                SmallTableMerger.mergeSmallTables(db, allColumns);
            } finally {
                guard.exit();
            }
            return null;
        } catch (RuntimeException e) {
            if (durability == Durability.NONE || folderWatch.lost()) {
                // Without a WAL (or without the folder) the entries since the last flush are lost: say so loudly.
                return new StorageException("closing the log at " + folder.path() + " failed to put the "
                        + "newest entries on disk; they are lost: " + e.getMessage(), e);
            }
            LOG.warn("chainlog: flush on close failed; the WAL is replayed on the next open: {}", e.toString());
            return null;
        }
    }

    /**
     * Waits (at most {@link #SETTLE_NANOS}) while a column family has {@link #LEVEL0_TRIGGER} or more level-0 files,
     * i.e. while the compaction the close's flush triggered runs. Why: a close abandons compactions in flight, and
     * a log open for moments at a time (every {@code chainlog append} is one process) would abandon every one and
     * pile up files. Such compactions are small (chainlog's keys only grow, so they are mostly moves); the wait
     * does not cover other compaction debt (ttl, periodic), which may be large and resumes at the next open.
     * Then {@link SmallTableMerger} merges the small files those moves leave behind.
     */
    private void settleLevel0() {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while (level0Full()) {
            if (System.nanoTime() - deadline > 0) {
                LOG.debug("chainlog: closing {} with level-0 compactions still running; they resume at the next open",
                        folder.path());
                return;
            }
            LockSupport.parkNanos(5_000_000L);
        }
    }

    private boolean level0Full() {
        guard.enter();
        try {
            for (ColumnFamilyHandle cf : allColumns) {
                if (db.getLongProperty(cf, "rocksdb.num-files-at-level0") >= LEVEL0_TRIGGER) {
                    return true;
                }
            }
            return false;
        } catch (RocksDBException e) {
            return false; // a property we cannot read must not keep the log from closing
        } finally {
            guard.exit();
        }
    }
}
