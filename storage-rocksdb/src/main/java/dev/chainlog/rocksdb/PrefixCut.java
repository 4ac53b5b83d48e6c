package dev.chainlog.rocksdb;

import dev.chainlog.tree.TiledTree;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

import java.util.HashSet;
import java.util.Set;

/**
 * The physical half of a retention cut (docs/DESIGN.md: Retention; docs/STORAGE-ROCKSDB.md §4): removes what is
 * still stored below the stored log start, in chunks, on the {@link SpaceReclaimer}'s thread, beside the writer's
 * commits.
 *
 * <p>Why apart from the cut's commit: the cut itself is the new {@code log_start} in meta (and the tree's pruned
 * range), one small commit of the writer; from then on no read sees the prefix. Removing the prefix's index keys
 * means reading every pruned value (its request id and source) and deleting one key or more per entry: millions of
 * keys for a large cut, seconds of RocksDB work, which in the cut's own commit held up every append behind it.
 *
 * <p>The procedure, from the first stored entry key up to the log start {@code cut}:
 * <ol>
 *   <li>chunks of up to {@link #CHUNK} entries, each one WriteBatch: for every entry, the delete of its
 *       {@code by_uuid} key and {@code by_request} key (found by reading the value's {@code uuid} and
 *       {@code reqId}: {@link IndexFields}, a streaming parse that stops before meta and payload), and of its
 *       {@code by_source} key — in a large cut (≥ {@value #RANGE_CUT_MIN} seqs) instead, every key of a source below
 *       the cut, which is one key range, {@code [S 0x00, S 0x00 seq(cut))}, by one range deletion in the chunk that
 *       first meets the source (up to {@value #MAX_SOURCE_RANGES} sources; point deletes beyond);</li>
 *   <li>the last batch: one range deletion of {@code entries} {@code ["", seq(cut))} and one of
 *       {@code checksums} up to the level-0 tree tile the cut falls in (the at most 255 checksums of that tile stay:
 *       tree leaf data, {@link TiledTree#firstKeptLeaf}), and the reclaim mark saying the space below {@code cut}
 *       awaits compaction ({@link ReclaimMark}).</li>
 * </ol>
 * Each batch is atomic and carries the reclaim mark's {@code cleanedTo} (the seq below which the index keys are
 * gone), so a process that stops at any point (close, crash) leaves a prefix the next writer's reclaimer finishes
 * from where the last batch ended, and no chunk is ever applied twice: a repeated {@code by_uuid} delete could remove
 * the key of a newer entry that took the uuid over once the first delete had freed it.
 *
 * <p>Why deleting {@code by_uuid} keys unread is safe: the core keeps a uuid taken while its entry is
 * <em>stored</em> ({@code core.UuidUniqueness}: the value readable, even below the log start), and an entry's value
 * goes only after its uuid key did. So no newer entry can have taken over a uuid this cleanup deletes. Index entries
 * of a value too damaged to parse cannot be found; they stay behind, harmless, because every lookup is checked
 * against the log start by the core.
 */
final class PrefixCut implements AutoCloseable {
    /** Entries per chunk: a chunk's batch is a few thousand deletes, a few milliseconds of a commit beside appends. */
    static final int CHUNK = 4096;
    private static final long SCAN_READAHEAD = 2 << 20;
    static final long RANGE_CUT_MIN = 4096;
    static final int MAX_SOURCE_RANGES = 1024;

    private final ColumnFamilyHandle entries;
    private final ColumnFamilyHandle checksums;
    private final ColumnFamilyHandle byUuid;
    private final ColumnFamilyHandle byRequest;
    private final ColumnFamilyHandle bySource;
    private final long cut;
    private final Slice upper;
    private final ReadOptions readOptions;
    private final RocksIterator it;
    private final boolean ranges;
    private final Set<String> sourceRanges = new HashSet<>();
    /** Every entry below it has had its index keys deleted (by this cleanup's batches, or an earlier one's). */
    private long cleanedTo;
    /** Stored entries read (and their index keys deleted) so far. */
    long pruned;
    /** Of those, values too damaged to read their index fields. */
    long unreadable;

    /**
     * Positions on the first stored entry at or after {@code cleanedTo} (those below it had their index keys deleted
     * by an earlier batch); {@link #close()} frees the iterator.
     */
    PrefixCut(RocksDB db, ColumnFamilyHandle entries, ColumnFamilyHandle checksums, ColumnFamilyHandle byUuid,
              ColumnFamilyHandle byRequest, ColumnFamilyHandle bySource, long cleanedTo, long cut) {
        this.entries = entries;
        this.checksums = checksums;
        this.byUuid = byUuid;
        this.byRequest = byRequest;
        this.bySource = bySource;
        this.cut = cut;
        this.cleanedTo = cleanedTo;
        this.upper = new Slice(Keys.seq(cut));
        this.readOptions = new ReadOptions().setFillCache(false).setReadaheadSize(SCAN_READAHEAD)
                .setIterateUpperBound(upper);
        this.it = db.newIterator(entries, readOptions);
        it.seek(Keys.seq(Math.max(0, cleanedTo)));
        long first = it.isValid() ? Keys.seqOf(it.key()) : -1;
        this.ranges = first >= 0 && cut - first >= RANGE_CUT_MIN;
    }

    /** True while entries below the cut are left to read. */
    boolean hasMore() {
        return it.isValid();
    }

    /**
     * Adds the index deletes of up to {@link #CHUNK} more entries to {@code batch}; returns the seq below which every
     * entry's index keys are then deleted (the batch's {@code cleanedTo}).
     */
    long addChunk(WriteBatch batch) throws RocksDBException {
        for (int n = 0; n < CHUNK && it.isValid(); n++, it.next()) {
            long seq = Keys.seqOf(it.key());
            pruned++;
            if (seq < 0) {
                continue;
            }
            cleanedTo = seq + 1;
            IndexFields f = IndexFields.of(it.value());
            if (f.requestId() != null) {
                batch.delete(byRequest, Keys.index(f.requestId(), seq));
            }
            if (f.source() != null) {
                deleteSourceKey(batch, f.source(), seq);
            }
            if (f.uuid() != null) {
                batch.delete(byUuid, Keys.utf8(f.uuid()));
            } else {
                unreadable++;
            }
        }
        it.status();
        if (!it.isValid()) {
            cleanedTo = cut;
        }
        return cleanedTo;
    }

    /**
     * Deletes the {@code by_source} key of {@code seq}: in a large cut, with the range of every key of the source
     * below the cut, added the first time this cleanup meets the source (again after a restart: harmless), in the
     * chunk that meets it, so a restart never leaves a source of an earlier chunk behind.
     */
    private void deleteSourceKey(WriteBatch batch, String source, long seq) throws RocksDBException {
        if (ranges && sourceRanges.contains(source)) {
            return;
        }
        if (ranges && sourceRanges.size() < MAX_SOURCE_RANGES) {
            sourceRanges.add(source);
            batch.deleteRange(bySource, Keys.indexPrefix(source), Keys.index(source, cut));
        } else {
            batch.delete(bySource, Keys.index(source, seq));
        }
    }

    /** Adds the last batch's range deletions: the entries and the checksums below the cut. */
    void addRanges(WriteBatch batch) throws RocksDBException {
        byte[] end = Keys.seq(cut);
        batch.deleteRange(entries, new byte[0], end);
        batch.deleteRange(checksums, new byte[0], Keys.seq(TiledTree.firstKeptLeaf(cut - 1) + 1));
    }

    @Override
    public void close() {
        it.close();
        readOptions.close();
        upper.close();
    }
}
