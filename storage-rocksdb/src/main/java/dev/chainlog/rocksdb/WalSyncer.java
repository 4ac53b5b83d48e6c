package dev.chainlog.rocksdb;

import dev.chainlog.store.Threads;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code WAL} durability (docs/DESIGN.md: Durability by mode): commits are written to the WAL before they are acknowledged, which
 * survives a process crash (the bytes are in the OS page cache); this thread fsyncs the WAL every
 * {@code syncInterval}, which bounds what a power loss can take to that interval. One daemon thread per store,
 * stopped and joined by {@link #close()}.
 */
final class WalSyncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalSyncer.class);

    private final RocksDB db;
    private final Guard guard;
    private final long intervalNanos;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    /**
     * RocksDB's internal sequence number at the last sync, used only to skip an fsync when nothing was written
     * since (it counts writes; it is never used as an entry's seq).
     */
    private long syncedAt = -1;

    WalSyncer(RocksDB db, Guard guard, Duration interval, String logName) {
        this.db = db;
        this.guard = guard;
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::run, "chainlog-wal-sync " + logName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stop.await(intervalNanos, TimeUnit.NANOSECONDS)) {
                if (!syncOnce()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fsyncs the WAL if anything was written since the last sync; false once the store is closed. */
    boolean syncOnce() {
        if (!guard.tryEnter()) {
            return false;
        }
        try {
            long now = db.getLatestSequenceNumber();
            if (now != syncedAt) {
                db.flushWal(true);
                syncedAt = now;
            }
        } catch (RocksDBException e) {
            // Appends keep their process-crash durability; a power loss may now take more than syncInterval.
            LOG.error("chainlog: background fsync of the write-ahead log failed: {}", RocksErrors.describe(e));
        } finally {
            guard.exit();
        }
        return true;
    }

    @Override
    public void close() {
        stop.countDown();
        Threads.joinUninterruptibly(thread);
    }
}
