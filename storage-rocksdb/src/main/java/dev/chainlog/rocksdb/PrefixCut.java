package dev.chainlog.rocksdb;

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
 * A retention cut, "every seq below {@code cut} is gone", prepared as a WriteBatch of deletes off the writer
 * (docs/DESIGN.md: Retention; {@link dev.chainlog.store.PreparedCut}), which the commit that applies it completes
 * with the new meta.
 *
 * <ul>
 *   <li>{@code entries}, {@code checksums}: one range deletion each, {@code ["", seq(cut))}, whatever the number
 *       of entries; no per-key deletes. (From the empty key, so even keys chainlog did not write go.) The checksums
 *       of the level-0 tree tile the cut falls in stay (at most 255: tree leaf data, {@code TiledTree#firstKeptLeaf}):
 *       their deletion ends at {@code checksumsFrom}.</li>
 *   <li>{@code by_request}, {@code by_source}: their keys end in the seq, so the exact keys of the pruned entries
 *       are deleted; they are found by reading each pruned value's {@code reqId} and {@code source}
 *       ({@link IndexFields}: a streaming parse that stops before meta and payload). Because a source's keys sort
 *       by seq, "every key of source S below the cut" is one key range, {@code [S 0x00, S 0x00 seq(cut))}: a large
 *       cut (at least {@value #RANGE_CUT_MIN} seqs) deletes by_source with one range deletion per distinct source
 *       (up to {@value #MAX_SOURCE_RANGES} of them; point deletes beyond), not one delete per entry. Request ids
 *       are usually distinct per request, where a range per id would only cost more, so by_request always gets
 *       point deletes.</li>
 *   <li>{@code by_uuid}: {@code uuid -> seq} of every pruned entry is deleted unread. The core keeps a uuid taken
 *       while its entry is <em>stored</em> (not merely visible; {@code core.UuidUniqueness}), so no newer
 *       entry can have taken over the uuid of an entry this cut removes. A newer entry of this same commit that
 *       reuses a uuid pruned here is put after the deletes, and wins. (Until 2026-11-25 each uuid was first looked
 *       up with a batched multi-get; that was most of the 6.7 s it took to build the cut of 890k entries.)</li>
 * </ul>
 * The commit puts the new meta (with the new {@code logStartSeq}) into the same batch, so the cut, the index
 * cleanup and the meta are applied together or not at all. Index entries of a value too damaged to parse cannot be
 * found; they stay behind, harmless, because every lookup is checked against {@code logStartSeq} by the core.
 */
final class PrefixCut {
    private static final long SCAN_READAHEAD = 2 << 20;
    static final long RANGE_CUT_MIN = 4096;
    static final int MAX_SOURCE_RANGES = 1024;

    private final RocksDB db;
    private final ColumnFamilyHandle entries;
    private final ColumnFamilyHandle checksums;
    private final ColumnFamilyHandle byUuid;
    private final ColumnFamilyHandle byRequest;
    private final ColumnFamilyHandle bySource;
    private final Set<String> sourceRanges = new HashSet<>();
    long pruned;
    long unreadable;

    PrefixCut(RocksDB db, ColumnFamilyHandle entries, ColumnFamilyHandle checksums, ColumnFamilyHandle byUuid,
              ColumnFamilyHandle byRequest, ColumnFamilyHandle bySource) {
        this.db = db;
        this.entries = entries;
        this.checksums = checksums;
        this.byUuid = byUuid;
        this.byRequest = byRequest;
        this.bySource = bySource;
    }

    /**
     * Adds the cut to {@code batch}: the index deletes of every stored entry below {@code cut}, then the ranges; the
     * checksums go below {@code checksumsFrom} (≤ cut).
     */
    void addTo(WriteBatch batch, long cut, long checksumsFrom) throws RocksDBException {
        byte[] end = Keys.seq(cut);
        try (Slice upper = new Slice(end);
             ReadOptions ro = new ReadOptions().setFillCache(false).setReadaheadSize(SCAN_READAHEAD)
                     .setIterateUpperBound(upper);
             RocksIterator it = db.newIterator(entries, ro)) {
            it.seekToFirst();
            long first = it.isValid() ? Keys.seqOf(it.key()) : -1;
            boolean ranges = first >= 0 && cut - first >= RANGE_CUT_MIN;
            for (; it.isValid(); it.next()) {
                long seq = Keys.seqOf(it.key());
                pruned++;
                if (seq < 0) {
                    continue;
                }
                IndexFields f = IndexFields.of(it.value());
                if (f.requestId() != null) {
                    batch.delete(byRequest, Keys.index(f.requestId(), seq));
                }
                if (f.source() != null && !(ranges && rangeDeleted(f.source()))) {
                    batch.delete(bySource, Keys.index(f.source(), seq));
                }
                if (f.uuid() != null) {
                    batch.delete(byUuid, Keys.utf8(f.uuid()));
                } else {
                    unreadable++;
                }
            }
            it.status();
        }
        for (String source : sourceRanges) {
            batch.deleteRange(bySource, Keys.indexPrefix(source), Keys.index(source, cut));
        }
        batch.deleteRange(entries, new byte[0], end);
        batch.deleteRange(checksums, new byte[0], Keys.seq(checksumsFrom));
    }

    /** True when {@code source}'s keys below the cut go by one range deletion (added at the end). */
    private boolean rangeDeleted(String source) {
        return sourceRanges.contains(source) || (sourceRanges.size() < MAX_SOURCE_RANGES && sourceRanges.add(source));
    }
}
