package dev.chainlog.rocksdb;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Adds a retention cut, "every seq below {@code cut} is gone", to a commit's WriteBatch (DESIGN.md §3, G6).
 *
 * <ul>
 *   <li>{@code entries}, {@code checksums}: one range deletion each, {@code ["", seq(cut))}, whatever the number
 *       of entries; no per-key deletes. (From the empty key, so even keys chainlog did not write go.)</li>
 *   <li>{@code by_request}, {@code by_source}: their keys end in the seq, so the exact keys of the pruned entries
 *       are deleted; they are found by reading each pruned value's {@code reqId} and {@code source}
 *       ({@link IndexFields}: a streaming parse that stops before meta and payload).</li>
 *   <li>{@code by_uuid}: a uuid may be reused once its entry has expired, so {@code uuid -> seq} is deleted only
 *       if it still names the pruned seq (checked with a batched multi-get); otherwise it belongs to a newer
 *       entry and stays.</li>
 * </ul>
 * The caller puts the new meta (with the new {@code logStartSeq}) and any new entries after this in the same
 * batch, so the cut, the index cleanup and the meta are applied together or not at all, and a new entry reusing a
 * pruned uuid wins over the delete. Index entries of a value too damaged to parse cannot be found; they stay
 * behind, harmless, because every lookup is checked against {@code logStartSeq} by the core.
 */
final class PrefixCut {
    /** uuids checked per multi-get. */
    private static final int UUID_CHUNK = 1024;
    private static final long SCAN_READAHEAD = 2 << 20;

    private final RocksDB db;
    private final ColumnFamilyHandle entries;
    private final ColumnFamilyHandle checksums;
    private final ColumnFamilyHandle byUuid;
    private final ColumnFamilyHandle byRequest;
    private final ColumnFamilyHandle bySource;
    private final List<byte[]> uuidKeys = new ArrayList<>();
    private final List<byte[]> uuidSeqs = new ArrayList<>();
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

    /** Adds the cut to {@code batch}; false when no entry below {@code cut} is stored (nothing added). */
    boolean addTo(WriteBatch batch, long cut) throws RocksDBException {
        byte[] end = Keys.seq(cut);
        try (Slice upper = new Slice(end);
             ReadOptions ro = new ReadOptions().setFillCache(false).setReadaheadSize(SCAN_READAHEAD)
                     .setIterateUpperBound(upper);
             RocksIterator it = db.newIterator(entries, ro)) {
            it.seekToFirst();
            if (!it.isValid()) {
                it.status();
                return false;
            }
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
                if (f.source() != null) {
                    batch.delete(bySource, Keys.index(f.source(), seq));
                }
                if (f.uuid() != null) {
                    uuidKeys.add(Keys.utf8(f.uuid()));
                    uuidSeqs.add(Keys.seq(seq));
                    if (uuidKeys.size() == UUID_CHUNK) {
                        deleteUuids(batch);
                    }
                } else {
                    unreadable++;
                }
            }
            it.status();
        }
        deleteUuids(batch);
        batch.deleteRange(entries, new byte[0], end);
        batch.deleteRange(checksums, new byte[0], end);
        return true;
    }

    private void deleteUuids(WriteBatch batch) throws RocksDBException {
        if (uuidKeys.isEmpty()) {
            return;
        }
        List<byte[]> current = db.multiGetAsList(Collections.nCopies(uuidKeys.size(), byUuid), uuidKeys);
        for (int i = 0; i < uuidKeys.size(); i++) {
            if (Arrays.equals(current.get(i), uuidSeqs.get(i))) {
                batch.delete(byUuid, uuidKeys.get(i));
            }
        }
        uuidKeys.clear();
        uuidSeqs.clear();
    }
}
