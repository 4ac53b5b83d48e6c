package dev.chainlog.rocksdb;

import dev.chainlog.api.StorageException;
import dev.chainlog.store.Threads;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Finishes retention cuts and gives their disk space back (docs/DESIGN.md: Retention; docs/STORAGE-ROCKSDB.md §4),
 * on one daemon thread per writing store, beside the writer. A cut's commit only moves the stored log start; then:
 * <ol>
 *   <li><b>Cleanup</b> ({@link PrefixCut}): the pruned prefix's index keys, then its values and checksums, are
 *       deleted in chunks of bounded size, so no append waits behind millions of deletes. Runs as soon as a cut
 *       committed, or the store opened with a cleanup left over.</li>
 *   <li><b>Compaction</b>. The deletes only write tombstones; the data stays in SST files until compaction drops it,
 *       and in an append-only key space ordinary compaction never revisits the oldest keys. {@code entries},
 *       {@code checksums}: {@code deleteFilesInRanges(["", seq(cut)))} drops whole SST files inside the dead prefix
 *       without reading them; then {@code compactRange(.., seq(cut))} rewrites the files that straddle the cut,
 *       dropping the covered keys and the range tombstones themselves (so iterators never step over them). Cost:
 *       proportional to the straddling files, not to the log. {@code by_uuid}, {@code by_request},
 *       {@code by_source}: the cleanup left one tombstone per pruned index entry, spread over the whole key space
 *       (uuids are random; sources interleave). These column families are compacted whole, which costs their full
 *       size, so only once the entries pruned since their last compaction are at least as many as the entries
 *       retained (then at least half of what is rewritten is dead, bounding the write amplification to about 2).
 *       Between those, RocksDB's own compactions drop tombstones as new index keys arrive.</li>
 * </ol>
 *
 * <p>Durable: what is left to do is in the {@link ReclaimMark}, written in the same batch as each step's work, so
 * {@link #close()} may stop at any point — it cancels a running compaction and joins — and a cut followed by a
 * close, a crash or the end of a CLI process is finished by the next writer. A compaction flushes the memtables
 * first, so compactions are throttled: at most once per {@link #MIN_INTERVAL_NANOS}, unless {@link #BIG_CUT}
 * entries are waiting (a store that opens with one pending starts it at once); none in the background when the log
 * was opened with {@code reclaimInBackground(false)} ({@link #reclaimNow} still runs them).
 */
final class SpaceReclaimer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceReclaimer.class);
    static final long MIN_INTERVAL_NANOS = 60_000_000_000L;
    static final long BIG_CUT = 100_000;

    /** The column families and options the reclaimer works with. */
    record Columns(ColumnFamilyHandle entries, ColumnFamilyHandle checksums, ColumnFamilyHandle byUuid,
                   ColumnFamilyHandle byRequest, ColumnFamilyHandle bySource, ColumnFamilyHandle meta,
                   List<ColumnFamilyHandle> all) {
        List<ColumnFamilyHandle> seqColumns() {
            return List.of(entries, checksums);
        }

        List<ColumnFamilyHandle> indexColumns() {
            return List.of(byUuid, byRequest, bySource);
        }
    }

    private final RocksDB db;
    private final Columns cf;
    private final CompactRangeOptions compact;
    private final FlushOptions flush;
    private final WriteOptions write;
    private final boolean compactInBackground;
    private final Guard guard;
    private final Thread thread;
    /** Serializes the work of the background thread and {@link #reclaimNow}; the mark is written under it only. */
    private final Object running = new Object();
    private final AtomicLong reclaimed = new AtomicLong();
    /** Tests only (same package): while set, the cleanup waits for it before each chunk. */
    volatile java.util.concurrent.CountDownLatch holdCleanupForTest;

    // Guarded by this.
    /** The stored log start as last committed; below it is the cleanup's to do. */
    private long logStart;
    private long retained;
    /** The durable mark, as last written (or read at open). */
    private ReclaimMark mark;
    /** The log start at which the cleanup last failed (it is tried again at the next cut or open), 0: none. */
    private long failedAt;
    private String failure;
    private long lastCompactionNanos;
    private boolean stopped;

    /**
     * @param mark     the mark stored at open
     * @param logStart the stored log start at open; {@code retained} the entries from it to the head
     */
    SpaceReclaimer(RocksDB db, Columns columns, CompactRangeOptions compact, FlushOptions flush, WriteOptions write,
                   boolean compactInBackground, Guard guard, String logName, ReclaimMark mark, long logStart,
                   long retained) {
        this.db = db;
        this.cf = columns;
        this.compact = compact;
        this.flush = flush;
        this.write = write;
        this.compactInBackground = compactInBackground;
        this.guard = guard;
        this.mark = mark;
        this.logStart = logStart;
        this.retained = retained;
        this.lastCompactionNanos = System.nanoTime() - MIN_INTERVAL_NANOS;
        this.thread = new Thread(this::run, "chainlog-reclaim " + logName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** A cut committed: the stored log start is now {@code newStart}, and {@code retained} entries stay. */
    synchronized void cutCommitted(long newStart, long retained) {
        this.logStart = Math.max(logStart, newStart);
        this.retained = retained;
        notifyAll();
    }

    /**
     * Waits until the cleanup of every cut committed so far is done (or the store closes: then the next writer
     * finishes it). Throws when the cleanup failed, say on a damaged block in the prefix.
     */
    synchronized void awaitCleanup() {
        long target = logStart;
        while (!stopped && cleanupPending(target) && failedAt != target) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while waiting for the cut's cleanup (it goes on in the background)");
            }
        }
        if (failedAt == target && cleanupPending(target)) {
            throw new StorageException("the cut to seq " + target + " is committed, but removing the pruned entries "
                    + "failed (tried again at the next cut or open): " + failure);
        }
    }

    /** Bytes of table files the compactions gave back since the store opened. */
    long reclaimedBytes() {
        return reclaimed.get();
    }

    /** True while a cut's cleanup or a compaction is left to do. */
    synchronized boolean pending() {
        return cleanupPending(logStart) || mark.compactionPending();
    }

    /**
     * Finishes every cut's cleanup and compacts now, index column families included, on the calling thread, and
     * returns when done; {@code progress} (may be null) hears the number of pruned entries cleaned so far.
     */
    void reclaimNow(LongConsumer progress) {
        synchronized (running) {
            long target;
            synchronized (this) {
                target = logStart;
            }
            if (cleanupPending(target) && !cleanUp(target, progress)) {
                String why;
                synchronized (this) {
                    why = stopped ? "the log is closing" : failure;
                }
                throw new StorageException("removing the entries pruned below seq " + target + " failed: " + why);
            }
            compactNow(true);
        }
    }

    private boolean cleanupDue() {
        return cleanupPending(logStart) && failedAt != logStart;
    }

    private synchronized boolean cleanupPending(long target) {
        return target > 1 && mark.cleanedTo() < target;
    }

    private void run() {
        while (true) {
            boolean cleanup;
            long target;
            synchronized (this) {
                while (!stopped && !cleanupDue() && !compactionDue()) {
                    try {
                        if (compactInBackground && compactionPending()) {
                            wait(Math.max(1, (MIN_INTERVAL_NANOS - (System.nanoTime() - lastCompactionNanos)) / 1_000_000));
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
                cleanup = cleanupDue();
                target = logStart;
            }
            synchronized (running) {
                if (cleanup) {
                    cleanUp(target, null);
                } else {
                    compactNow(false);
                }
            }
        }
    }

    private boolean compactionPending() {
        return mark.compactionPending() || indexesDue();
    }

    private boolean indexesDue() {
        return mark.prunedSinceIndexCompaction() > 0 && mark.prunedSinceIndexCompaction() >= retained;
    }

    private boolean compactionDue() {
        return compactInBackground && compactionPending() && (mark.compactTo() - mark.compactedTo() >= BIG_CUT
                || System.nanoTime() - lastCompactionNanos >= MIN_INTERVAL_NANOS);
    }

    /** The cleanup below {@code cut} ({@link PrefixCut}), chunk by chunk; false when it stopped or failed. */
    private boolean cleanUp(long cut, LongConsumer progress) {
        long started = System.nanoTime();
        if (!guard.tryEnter()) {
            return false;
        }
        ReclaimMark m;
        synchronized (this) {
            m = mark;
        }
        try (PrefixCut pc = new PrefixCut(db, cf.entries(), cf.checksums(), cf.byUuid(), cf.byRequest(), cf.bySource(),
                m.cleanedTo(), cut)) {
            while (pc.hasMore()) {
                java.util.concurrent.CountDownLatch hold = holdCleanupForTest;
                try {
                    while (hold != null && !isStopped() && !hold.await(10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        // held by a test; a close ends the hold
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (isStopped()) {
                    return false;
                }
                try (WriteBatch wb = new WriteBatch()) {
                    long cleaned = pc.addChunk(wb);
                    // After the last chunk the mark stays behind until the range deletes below commit it: a mark
                    // saying "cleaned to the cut" without them would leave the values there for good.
                    m = pc.hasMore() ? m.withCleanedTo(cleaned) : m;
                    wb.put(cf.meta(), ReclaimMark.KEY, m.encode());
                    db.write(write, wb);
                }
                setMark(m);
                if (progress != null) {
                    progress.accept(pc.pruned);
                }
            }
            try (WriteBatch wb = new WriteBatch()) {
                pc.addRanges(wb);
                m = m.cleaned(cut, pc.pruned);
                wb.put(cf.meta(), ReclaimMark.KEY, m.encode());
                db.write(write, wb);
            }
            setMark(m);
            if (pc.unreadable > 0) {
                LOG.warn("chainlog: {} of {} pruned entries were unreadable; their index entries stay behind "
                        + "(hidden by the log start)", pc.unreadable, pc.pruned);
            }
            LOG.debug("chainlog: removed the {} entries stored below seq {} in {} ms", pc.pruned, cut,
                    (System.nanoTime() - started) / 1_000_000);
            return true;
        } catch (RocksDBException | RuntimeException e) {
            String why = e instanceof RocksDBException re ? RocksErrors.describe(re) : e.toString();
            if (!isStopped()) {
                LOG.warn("chainlog: removing the entries pruned below seq {} failed (tried again at the next cut or "
                        + "open): {}", cut, why);
            }
            synchronized (this) {
                failedAt = cut;
                failure = why;
                notifyAll();
            }
            return false;
        } finally {
            guard.exit();
        }
    }

    private synchronized void setMark(ReclaimMark m) {
        mark = m;
        notifyAll();
    }

    /** Compacts what the mark says is pending (with {@code force}: the index column families too, if anything was pruned). */
    private void compactNow(boolean force) {
        long cut;
        boolean indexes;
        long pruned;
        ReclaimMark m;
        synchronized (this) {
            if (stopped) {
                return;
            }
            m = mark;
            cut = m.compactionPending() ? m.compactTo() : 0;
            pruned = m.prunedSinceIndexCompaction();
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
                // The cleanup (range tombstones, and the cut's new log start in meta) must be on disk before any file
                // below it is dropped: a file deletion is durable at once (a MANIFEST edit), while the cleanup may
                // still live only in the memtables (NONE has no WAL; WAL mode may not have synced yet). A crash
                // in between would leave entries missing below the stored log start. One (atomic) flush of all
                // column families closes that window.
                db.flush(flush, cf.all());
                byte[] end = Keys.seq(cut);
                for (ColumnFamilyHandle c : cf.seqColumns()) {
                    db.deleteFilesInRanges(c, List.of(new byte[0], end), false);
                    db.compactRange(c, null, end, compact);
                }
            }
            if (indexes) {
                for (ColumnFamilyHandle c : cf.indexColumns()) {
                    db.compactRange(c, null, null, compact);
                }
            }
            ReclaimMark done = m.compacted(cut, indexes ? pruned : 0); // the mark moves only under `running`: still m
            db.put(cf.meta(), write, ReclaimMark.KEY, done.encode());
            setMark(done);
        } catch (RocksDBException e) {
            if (!guard.isShut() && !isStopped()) {
                LOG.warn("chainlog: reclaiming the space of pruned entries failed (retried after the next cut): {}",
                        RocksErrors.describe(e));
            }
            synchronized (this) {
                lastCompactionNanos = System.nanoTime();
            }
            return;
        } finally {
            guard.exit();
        }
        reclaimed.addAndGet(Math.max(0, before - tableBytes()));
        LOG.debug("chainlog: reclaimed the space below seq {} (index column families: {}) in {} ms", cut, indexes,
                (System.nanoTime() - started) / 1_000_000);
        synchronized (this) {
            lastCompactionNanos = System.nanoTime();
        }
    }

    /** The live table files' total size, over every column family (0 when it cannot be read). */
    private long tableBytes() {
        if (!guard.tryEnter()) {
            return 0;
        }
        try {
            long total = 0;
            for (ColumnFamilyHandle c : cf.all()) {
                total += db.getLongProperty(c, "rocksdb.total-sst-files-size");
            }
            return total;
        } catch (RocksDBException e) {
            return 0;
        } finally {
            guard.exit();
        }
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    /**
     * Cancels a running compaction, stops the thread (a cleanup between two chunks) and waits for it; what is left
     * is in the mark, for the next writer.
     */
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
