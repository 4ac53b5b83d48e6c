package dev.chainlog.rocksdb;

import dev.chainlog.api.Durability;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.StorageException;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The backup of a log that another process holds open for writing: a key-by-key copy of every column family as a
 * read-only (secondary) instance sees it, into a new folder, which then opens as a log.
 *
 * <p>Why not a RocksDB checkpoint, as the writer's own backup takes: a secondary's checkpoint links the table files
 * but leaves out what the secondary replayed from the writer's write-ahead log, i.e. every commit since the writer's
 * last flush. The copy holds everything the secondary sees: the log as of its last catch-up, whole commits only.
 *
 * <p>Invariant: the source does not move during the copy. The caller holds the store's catch-up lock, so no
 * catch-up lands between the column families (a secondary has no snapshots), and every column family is read at
 * the same version. The copy is written without a WAL and flushed once at the end; until then it is in a folder
 * the caller renames into place, so a failed copy never leaves a half log under the target's name.
 */
final class SecondaryCopy {
    /** Bytes per write batch of the copy: large enough to be cheap per key, small enough to bound memory. */
    private static final long BATCH_BYTES = 4L << 20;

    private SecondaryCopy() {
    }

    /**
     * Copies {@code source}'s column families ({@code handles} in {@link Column} order, the default one last) into a
     * new database at {@code target}; returns the number of keys copied.
     */
    static long copy(RocksDB source, List<ColumnFamilyHandle> handles, Path target) {
        EventLogConfig config = EventLogConfig.builder().path(target).durability(Durability.NONE).build();
        try (Resources r = new Resources()) {
            StoreOptions options = new StoreOptions(config, false, r);
            List<ColumnFamilyHandle> targetHandles = new ArrayList<>();
            RocksDB copy = RocksDB.open(options.db, RocksPaths.of(target, RocksPaths.BACKUP_FOLDER), options.descriptors,
                    targetHandles);
            r.add(copy::closeE);
            long keys = 0;
            try (ReadOptions ro = new ReadOptions().setFillCache(false)) {
                for (int c = 0; c < Column.values().length; c++) {
                    keys += copyColumn(source, handles.get(c), ro, copy, targetHandles.get(c), options);
                }
            }
            copy.flush(options.flush, targetHandles);
            return keys;
        } catch (RocksDBException e) {
            throw new StorageException("copying the log to " + target + " failed: " + RocksErrors.describe(e), e);
        }
    }

    private static long copyColumn(RocksDB source, ColumnFamilyHandle from, ReadOptions ro, RocksDB copy,
                                   ColumnFamilyHandle to, StoreOptions options) throws RocksDBException {
        long keys = 0;
        try (RocksIterator it = source.newIterator(from, ro); WriteBatch batch = new WriteBatch()) {
            long bytes = 0;
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                byte[] value = it.value();
                batch.put(to, key, value);
                keys++;
                bytes += key.length + value.length;
                if (bytes >= BATCH_BYTES) {
                    copy.write(options.write, batch);
                    batch.clear();
                    bytes = 0;
                }
            }
            it.status();
            copy.write(options.write, batch);
        }
        return keys;
    }
}
