package dev.chainlog.rocksdb;

import dev.chainlog.store.Threads;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Gives the disk space of retention cuts back (docs/DESIGN.md: Retention; docs/STORAGE-ROCKSDB.md §4). A cut only writes tombstones; the data stays in SST
 * files until compaction drops it, and in an append-only key space ordinary compaction never revisits the oldest
 * keys. So after a cut this thread:
 * <ol>
 *   <li>{@code entries}, {@code checksums}: {@code deleteFilesInRanges(["", seq(cut)))} drops whole SST files
 *       inside the dead prefix without reading them; then {@code compactRange(.., seq(cut))} rewrites the files
 *       that straddle the cut, dropping the covered keys and the range tombstones themselves (so iterators never
 *       step over them). Cost: proportional to the straddling files, not to the log.</li>
 *   <li>{@code by_uuid}, {@code by_request}, {@code by_source}: the cut left one point tombstone per pruned index
 *       entry, spread over the whole key space (uuids are random; sources interleave). These column families are
 *       compacted whole, which costs their full size, so only once the entries pruned since their last
 *       compaction are at least as many as the entries retained (then at least half of what is rewritten is
 *       dead, bounding the write amplification to about 2). Between those, RocksDB's own compactions drop
 *       tombstones as new index keys arrive.</li>
 * </ol>
 *
 * <p>A compaction flushes the memtables first, so reclaims are throttled: at most once per
 * {@link #MIN_INTERVAL_NANOS}, unless {@link #BIG_CUT} entries are waiting. Requests are coalesced: only the newest
 * cut matters. One daemon thread per store; {@link #close()} cancels a running compaction and joins.
 */
final class SpaceReclaimer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceReclaimer.class);
    static final long MIN_INTERVAL_NANOS = 60_000_000_000L;
    static final long BIG_CUT = 100_000;

    private final RocksDB db;
    private final List<ColumnFamilyHandle> seqColumns;
    private final List<ColumnFamilyHandle> indexColumns;
    private final CompactRangeOptions compact;
    private final List<ColumnFamilyHandle> allColumns;
    private final org.rocksdb.FlushOptions flush;
    private final Guard guard;
    private final Thread thread;
    /** Serializes reclaims of the background thread and {@link #reclaimNow}. */
    private final Object running = new Object();

    // Guarded by this.
    private long requested;
    private long compacted;
    private long prunedSinceIndexCompaction;
    private long retained;
    private long lastReclaimNanos;
    private final java.util.concurrent.atomic.AtomicLong reclaimed = new java.util.concurrent.atomic.AtomicLong();
    private boolean stopped;

    SpaceReclaimer(RocksDB db, List<ColumnFamilyHandle> seqColumns, List<ColumnFamilyHandle> indexColumns,
                   List<ColumnFamilyHandle> allColumns, CompactRangeOptions compact, org.rocksdb.FlushOptions flush,
                   Guard guard, String logName) {
        this.db = db;
        this.allColumns = allColumns;
        this.flush = flush;
        this.seqColumns = seqColumns;
        this.indexColumns = indexColumns;
        this.compact = compact;
        this.guard = guard;
        this.lastReclaimNanos = System.nanoTime() - MIN_INTERVAL_NANOS;
        this.thread = new Thread(this::run, "chainlog-reclaim " + logName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** A committed cut: every seq below {@code cut} is dead; {@code pruned} entries went, {@code retained} stay. */
    synchronized void request(long cut, long pruned, long retained) {
        this.prunedSinceIndexCompaction += pruned;
        this.retained = retained;
        if (cut > requested) {
            requested = cut;
        }
        notifyAll();
    }

    /**
     * Reclaims the space of every committed cut now, index column families included, on the calling thread, and
     * returns when done (tools, tests, and callers who schedule compaction themselves).
     */
    /** Bytes of table files the reclaims gave back since the store opened. */
    long reclaimedBytes() {
        return reclaimed.get();
    }

    /** The live table files' total size, over every column family (0 when it cannot be read). */
    private long tableBytes() {
        if (!guard.tryEnter()) {
            return 0;
        }
        try {
            long total = 0;
            for (ColumnFamilyHandle cf : allColumns) {
                total += db.getLongProperty(cf, "rocksdb.total-sst-files-size");
            }
            return total;
        } catch (RocksDBException e) {
            return 0;
        } finally {
            guard.exit();
        }
    }

    void reclaimNow() {
        reclaim(true);
    }

    private void run() {
        while (true) {
            synchronized (this) {
                while (!stopped && !due()) {
                    try {
                        if (pending()) {
                            wait(Math.max(1, (MIN_INTERVAL_NANOS - (System.nanoTime() - lastReclaimNanos)) / 1_000_000));
                        } else {
                            wait();
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped) {
                    return;
                }
            }
            reclaim(false);
        }
    }

    private boolean pending() {
        return requested > compacted || indexesDue();
    }

    private boolean indexesDue() {
        return prunedSinceIndexCompaction > 0 && prunedSinceIndexCompaction >= retained;
    }

    private boolean due() {
        return pending() && (requested - compacted >= BIG_CUT || System.nanoTime() - lastReclaimNanos >= MIN_INTERVAL_NANOS);
    }

    private void reclaim(boolean force) {
        synchronized (running) {
            long cut;
            boolean indexes;
            long pruned;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                cut = requested > compacted ? requested : 0;
                pruned = prunedSinceIndexCompaction;
                indexes = force ? pruned > 0 : indexesDue();
                if (cut == 0 && !indexes) {
                    return;
                }
            }
            if (!guard.tryEnter()) {
                return;
            }
            long started = System.nanoTime();
            long before = tableBytes();
            try {
                if (cut > 0) {
                    // The cut (range tombstones and the new logStartSeq in meta) must be on disk before any file
                    // below it is dropped: a file deletion is durable at once (a MANIFEST edit), while the cut may
                    // still live only in the memtables (NONE has no WAL; WAL mode may not have synced yet). A crash
                    // in between would leave entries missing below the stored log start. One (atomic) flush of all
                    // column families closes that window.
                    db.flush(flush, allColumns);
                    byte[] end = Keys.seq(cut);
                    for (ColumnFamilyHandle cf : seqColumns) {
                        db.deleteFilesInRanges(cf, List.of(new byte[0], end), false);
                        db.compactRange(cf, null, end, compact);
                    }
                }
                if (indexes) {
                    for (ColumnFamilyHandle cf : indexColumns) {
                        db.compactRange(cf, null, null, compact);
                    }
                }
            } catch (RocksDBException e) {
                if (!guard.isShut() && !isStopped()) {
                    LOG.warn("chainlog: reclaiming the space of pruned entries failed (retried after the next cut): {}",
                            RocksErrors.describe(e));
                }
                return;
            } finally {
                guard.exit();
            }
            reclaimed.addAndGet(Math.max(0, before - tableBytes()));
            LOG.debug("chainlog: reclaimed the space below seq {} (index column families: {}) in {} ms", cut, indexes,
                    (System.nanoTime() - started) / 1_000_000);
            synchronized (this) {
                compacted = Math.max(compacted, cut);
                if (indexes) {
                    prunedSinceIndexCompaction -= pruned;
                }
                lastReclaimNanos = System.nanoTime();
            }
        }
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    /** Cancels a running compaction, stops the thread and waits for it. */
    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        compact.setCanceled(true);
        Threads.joinUninterruptibly(thread);
    }
}
