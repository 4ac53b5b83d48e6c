package dev.chainlog.rocksdb;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Gives the disk space of a retention cut back (DESIGN.md §3). A cut only writes range tombstones; the data stays
 * in SST files until compaction drops it, and in an append-only key space ordinary compaction never revisits the
 * oldest keys. So after a cut this thread, for {@code entries} and {@code checksums}:
 * <ol>
 *   <li>{@code deleteFilesInRanges([.., cut))}: drops whole SST files inside the dead prefix, without reading
 *       them (cheap, every time);</li>
 *   <li>{@code compactRange(.., cut)}: rewrites the files that straddle the cut and drops the covered keys and the
 *       tombstones themselves, so iterators never step over them.</li>
 * </ol>
 * Index column families are cleaned by point deletes in the cut's batch and need no help.
 *
 * <p>The compaction flushes the memtables and rewrites the straddling files, so it is throttled: at most once per
 * {@link #MIN_COMPACTION_INTERVAL_NANOS}, unless {@link #BIG_CUT} entries are waiting. Requests are coalesced: only
 * the newest cut matters. One daemon thread per store; {@link #close()} cancels a running compaction and joins.
 */
final class SpaceReclaimer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceReclaimer.class);
    static final long MIN_COMPACTION_INTERVAL_NANOS = 60_000_000_000L;
    static final long BIG_CUT = 100_000;

    private final RocksDB db;
    private final List<ColumnFamilyHandle> columns;
    private final CompactRangeOptions compact;
    private final Guard guard;
    private final Thread thread;
    /** Guarded by {@code this}. */
    private long requested;
    private long compacted;
    private long lastCompactionNanos;
    private boolean stopped;
    /** Serializes reclaims of the background thread and {@link #reclaimNow}. */
    private final Object running = new Object();

    SpaceReclaimer(RocksDB db, List<ColumnFamilyHandle> columns, CompactRangeOptions compact, Guard guard,
                   String logName) {
        this.db = db;
        this.columns = columns;
        this.compact = compact;
        this.guard = guard;
        this.lastCompactionNanos = System.nanoTime() - MIN_COMPACTION_INTERVAL_NANOS;
        this.thread = new Thread(this::run, "chainlog-reclaim " + logName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Every seq below {@code cut} is dead (the cut is committed). */
    synchronized void request(long cut) {
        if (cut > requested) {
            requested = cut;
            notifyAll();
        }
    }

    /**
     * Reclaims the space of every committed cut now, on the calling thread, and returns when done (tools, tests,
     * and callers who drive compaction themselves).
     */
    void reclaimNow() {
        long cut;
        synchronized (this) {
            cut = requested;
        }
        if (cut > 0) {
            reclaim(cut);
        }
    }

    private void run() {
        while (true) {
            long cut;
            synchronized (this) {
                while (!stopped && !due()) {
                    try {
                        if (requested > compacted) {
                            long wait = MIN_COMPACTION_INTERVAL_NANOS - (System.nanoTime() - lastCompactionNanos);
                            wait(Math.max(1, wait / 1_000_000));
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
                cut = requested;
            }
            reclaim(cut);
        }
    }

    private boolean due() {
        return requested > compacted && (requested - compacted >= BIG_CUT
                || System.nanoTime() - lastCompactionNanos >= MIN_COMPACTION_INTERVAL_NANOS);
    }

    private void reclaim(long cut) {
        synchronized (running) {
            synchronized (this) {
                if (cut <= compacted || stopped) {
                    return;
                }
            }
            if (!guard.tryEnter()) {
                return;
            }
            byte[] end = Keys.seq(cut);
            long started = System.nanoTime();
            try {
                for (ColumnFamilyHandle cf : columns) {
                    db.deleteFilesInRanges(cf, List.of(new byte[0], end), false);
                    db.compactRange(cf, null, end, compact);
                }
                LOG.debug("chainlog: reclaimed the space of seqs below {} in {} ms", cut,
                        (System.nanoTime() - started) / 1_000_000);
            } catch (RocksDBException e) {
                if (!guard.isShut() && !stopped()) {
                    LOG.warn("chainlog: reclaiming the space of pruned entries failed (retried after the next cut): {}",
                            RocksErrors.describe(e));
                }
                return;
            } finally {
                guard.exit();
            }
            synchronized (this) {
                compacted = Math.max(compacted, cut);
                lastCompactionNanos = System.nanoTime();
            }
        }
    }

    private synchronized boolean stopped() {
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
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
