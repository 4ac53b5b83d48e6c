package dev.chainlog.rocksdb;

import dev.chainlog.store.RecordCursor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A scan of {@code [fromSeq, toSeq]}: one iterator over {@code entries} and, unless the reader needs no checksums,
 * one over {@code checksums}, merged by key, both reading the same RocksDB snapshot, so a commit or a retention cut
 * that lands during the scan is invisible to it (the cursor sees one consistent state, as {@link RecordCursor} promises). On a read-only
 * (secondary) instance, which has no snapshots, both iterators pin the same version instead.
 *
 * <p>Keys in {@code entries} that are not 8 bytes were not written by chainlog; they are skipped (and logged) here
 * and reported by a deep verify ({@link RocksLogStore#engineIntegrityProblems()}).
 *
 * <p>Native resources (snapshot, read options, bound slices, iterators) are released by {@link #close()}, or by
 * the store's close if the cursor is still open then. Every native step runs inside the store's {@link Guard}.
 */
final class RocksCursor implements RecordCursor {
    private static final Logger LOG = LoggerFactory.getLogger(RocksCursor.class);

    private final RocksDB db;
    private final Guard guard;
    private final Consumer<RocksCursor> onRelease;
    private final Snapshot snapshot;
    private final Slice lower;
    private final Slice upper;
    private final ReadOptions readOptions;
    private final RocksIterator values;
    /** Null for a values-only scan ({@link RocksLogStore#scanValues}). */
    private final RocksIterator sums;
    /** Non-null for a long checksummed scan on a machine with a second core; owns {@code values} while running. */
    private EntryPrefetcher prefetch;
    private EntryPrefetcher.Chunk chunk;
    private int inChunk;
    /** With {@link #prefetch}: reads {@code sums} on a thread of its own (owns it while running). */
    private EntryPrefetcher sumsPrefetch;
    private EntryPrefetcher.Chunk sumsChunk;
    private int inSumsChunk;
    private boolean started;
    private boolean released;
    private long seq;
    private byte[] value;
    private byte[] checksum;

    /**
     * Called inside the guard.
     *
     * @param explicitSnapshot false on a secondary (read-only) instance, which has no snapshots: there each
     *                         iterator pins the version current at its creation, and the caller creates the cursor
     *                         under a lock that keeps a catch-up with the writer from landing between the two
     * @param withChecksums    false: {@link #checksum()} is always null and no checksum iterator is opened
     */
    RocksCursor(RocksDB db, Guard guard, ColumnFamilyHandle entries, ColumnFamilyHandle checksums, long fromSeq,
                long toSeq, boolean explicitSnapshot, boolean withChecksums, Consumer<RocksCursor> onRelease) {
        this.db = db;
        this.guard = guard;
        this.onRelease = onRelease;
        this.snapshot = explicitSnapshot ? db.getSnapshot() : null;
        this.lower = new Slice(Keys.seq(Math.max(0, fromSeq)));
        this.upper = new Slice(Keys.seq(toSeq == Long.MAX_VALUE ? Long.MAX_VALUE : toSeq + 1));
        this.readOptions = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
        if (snapshot != null) {
            readOptions.setSnapshot(snapshot);
        }
        this.values = db.newIterator(entries, readOptions);
        this.sums = withChecksums ? db.newIterator(checksums, readOptions) : null;
        if (withChecksums && toSeq - fromSeq >= PREFETCH_MIN_ENTRIES && Runtime.getRuntime().availableProcessors() > 1) {
            this.prefetch = new EntryPrefetcher(values, guard, true);
            this.sumsPrefetch = new EntryPrefetcher(sums, guard, false);
        }
    }

    /** Scans shorter than this read on the calling thread: a thread start costs more than it saves. */
    static final long PREFETCH_MIN_ENTRIES = 8 * EntryPrefetcher.CHUNK;

    @Override
    public boolean next() {
        if (prefetch != null) {
            return nextPrefetched();
        }
        guard.enter();
        try {
            synchronized (this) {
                if (released) {
                    return false;
                }
                return advance();
            }
        } finally {
            guard.exit();
        }
    }

    private boolean advance() {
        if (!started) {
            started = true;
            values.seekToFirst();
            if (sums != null) {
                sums.seekToFirst();
            }
        } else {
            values.next();
        }
        while (values.isValid()) {
            byte[] key = values.key();
            long k = Keys.seqOf(key);
            if (k >= 0) {
                seq = k;
                value = values.value();
                checksum = sums == null ? null : checksumFor(key);
                return true;
            }
            warnForeignKey(key);
            values.next();
        }
        check(values);
        return false;
    }

    /** A key in {@code entries} that is not an 8-byte seq: every scan skips it and logs that it did. */
    static void warnForeignKey(byte[] key) {
        LOG.warn("chainlog: skipping a key of {} bytes in the entries column; not written by chainlog "
                + "(verify --deep reports it)", key.length);
    }

    /**
     * The entry comes from the prefetch thread, its checksum from the other one: the iterator steps (a JNI call per
     * key and per value, on both column families) run beside this thread's hashing, a pipeline of three threads.
     */
    private boolean nextPrefetched() {
        if (!started) {
            started = true;
            prefetch.start();
            sumsPrefetch.start();
        }
        while (chunk == null || inChunk == chunk.size) {
            if (chunk != null && (chunk.end || chunk.error != null)) {
                if (chunk.error != null) {
                    throw chunk.error;
                }
                return false;
            }
            chunk = prefetch.take(); // outside the guard: the prefetch thread may need it to make the chunk
            inChunk = 0;
        }
        byte[] key = chunk.keys[inChunk];
        byte[] v = chunk.values[inChunk];
        chunk.keys[inChunk] = null;
        chunk.values[inChunk] = null;
        inChunk++;
        synchronized (this) {
            if (released) {
                return false;
            }
        }
        seq = Keys.seqOf(key);
        value = v;
        checksum = prefetchedChecksumFor(key);
        return true;
    }

    /** As {@link #checksumFor}, over the chunks of the checksums' prefetch thread (keys only grow). */
    private byte[] prefetchedChecksumFor(byte[] key) {
        while (true) {
            while (sumsChunk == null || inSumsChunk == sumsChunk.size) {
                if (sumsChunk != null && (sumsChunk.end || sumsChunk.error != null)) {
                    if (sumsChunk.error != null) {
                        throw sumsChunk.error;
                    }
                    return null;
                }
                sumsChunk = sumsPrefetch.take();
                inSumsChunk = 0;
            }
            int c = Arrays.compareUnsigned(sumsChunk.keys[inSumsChunk], key);
            if (c > 0) {
                return null;
            }
            byte[] v = sumsChunk.values[inSumsChunk];
            sumsChunk.keys[inSumsChunk] = null;
            sumsChunk.values[inSumsChunk] = null;
            inSumsChunk++;
            if (c == 0) {
                return v;
            }
        }
    }

    /** Moves the checksum iterator to {@code key} (keys only grow) and returns its value there, or null. */
    private byte[] checksumFor(byte[] key) {
        while (sums.isValid()) {
            byte[] k = sums.key();
            int c = Arrays.compareUnsigned(k, key);
            if (c == 0) {
                return sums.value();
            }
            if (c > 0) {
                return null;
            }
            sums.next();
        }
        check(sums);
        return null;
    }

    private static void check(RocksIterator it) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw RocksErrors.operation("reading entries", e);
        }
    }

    @Override
    public long seq() {
        return seq;
    }

    @Override
    public byte[] value() {
        return value;
    }

    @Override
    public byte[] checksum() {
        return checksum;
    }

    @Override
    public void close() {
        if (prefetch != null) {
            prefetch.stop(); // before entering the guard: the prefetch threads may be waiting to enter it
            sumsPrefetch.stop();
        }
        if (guard.tryEnter()) {
            try {
                release();
            } finally {
                guard.exit();
            }
        }
        // Otherwise the store is closed or closing: it releases every cursor still open.
    }

    /** Frees the native resources; idempotent. Called inside the guard or after it shut (no call in flight). */
    synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        if (prefetch != null) {
            prefetch.stop(); // the iterators are ours again before they are closed
            sumsPrefetch.stop();
        }
        if (sums != null) {
            sums.close();
        }
        values.close();
        readOptions.close();
        upper.close();
        lower.close();
        if (snapshot != null) {
            db.releaseSnapshot(snapshot);
            snapshot.close();
        }
        onRelease.accept(this);
    }
}
