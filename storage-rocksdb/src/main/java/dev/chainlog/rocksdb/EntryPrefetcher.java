package dev.chainlog.rocksdb;

import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads one iterator of a long scan on a thread of its own, a chunk at a time, while the scanning thread aligns
 * checksums and hashes. Why: a whole-log verify is bound by iterator steps (decoding blocks, one JNI call per key
 * and per value, on {@code entries} and on {@code checksums}) plus SHA-256 of every value and the tree's hashes; with
 * each iterator on its own thread, verify is a pipeline of three (issue 17: 0.77M entries/s with one prefetch
 * thread; docs/STORAGE-ROCKSDB.md §6). Only {@link RocksCursor} uses it, two per scan that reads checksums
 * (verify) over many entries.
 *
 * <p>Ownership: the iterator belongs to the prefetch thread from {@link #start()} until {@link #stop()} returns;
 * the cursor touches it only after that. The thread holds the store's {@link Guard} for one chunk at a time, so
 * a store close waits for at most one chunk and then ends the thread (its next {@code tryEnter} fails). Lock
 * order: nobody waits for this thread (in {@link #take()} or {@link #stop()}) while holding the guard, because
 * the thread may itself be waiting to enter it behind a store close.
 */
final class EntryPrefetcher {
    static final int CHUNK = 1024;

    /** Keys (8-byte seqs) and values of up to {@link #CHUNK} entries; {@code error} or {@code end} after them. */
    static final class Chunk {
        final byte[][] keys = new byte[CHUNK][];
        final byte[][] values = new byte[CHUNK][];
        int size;
        RuntimeException error;
        boolean end;
    }

    private final RocksIterator values;
    private final Guard guard;
    private final boolean warnForeignKeys;
    private final BlockingQueue<Chunk> ready = new ArrayBlockingQueue<>(4);
    private final Thread thread;
    private volatile boolean stopping;

    /** @param warnForeignKeys log the keys that are not 8-byte seqs it skips (the {@code entries} iterator's) */
    EntryPrefetcher(RocksIterator values, Guard guard, boolean warnForeignKeys) {
        this.values = values;
        this.guard = guard;
        this.warnForeignKeys = warnForeignKeys;
        this.thread = new Thread(this::run, "chainlog-scan-prefetch");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * The next chunk, in key order; the last one has {@code end} or {@code error} set. Call without holding the
     * guard: the prefetch thread needs it to make the chunk. Returns an error chunk if the thread ended without
     * one (the store closed, or {@link #stop()} ran).
     */
    Chunk take() {
        try {
            while (true) {
                Chunk c = ready.poll(50, TimeUnit.MILLISECONDS);
                if (c != null) {
                    return c;
                }
                if (!thread.isAlive() && ready.isEmpty()) {
                    return failed(new dev.chainlog.api.LogClosedException("the scan was closed"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(new dev.chainlog.api.StorageException("interrupted while scanning the log"));
        }
    }

    private static Chunk failed(RuntimeException e) {
        Chunk c = new Chunk();
        c.error = e;
        return c;
    }

    /** Ends the thread and waits for it; afterwards the iterator is the caller's again. Idempotent. */
    void stop() {
        stopping = true;
        ready.clear(); // unblocks a thread waiting to hand over a chunk
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join(100);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            ready.clear();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean first = true;
        while (!stopping) {
            Chunk c = new Chunk();
            if (!guard.tryEnter()) {
                hand(failed(new dev.chainlog.api.LogClosedException("the log's storage is closed")));
                return; // the store is closing; it releases the cursor
            }
            try {
                if (first) {
                    values.seekToFirst();
                    first = false;
                }
                while (c.size < CHUNK && values.isValid()) {
                    byte[] key = values.key();
                    if (Keys.seqOf(key) >= 0) {
                        c.keys[c.size] = key;
                        c.values[c.size] = values.value();
                        c.size++;
                    } else if (warnForeignKeys) {
                        RocksCursor.warnForeignKey(key);
                    }
                    values.next();
                }
                if (c.size < CHUNK) {
                    values.status();
                    c.end = true;
                }
            } catch (RocksDBException e) {
                c.error = RocksErrors.operation("reading entries", e);
            } catch (RuntimeException e) {
                c.error = e;
            } finally {
                guard.exit();
            }
            if (!hand(c) || c.end || c.error != null) {
                return;
            }
        }
    }

    private boolean hand(Chunk c) {
        try {
            while (!stopping) {
                if (ready.offer(c, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
