package dev.chainlog.bench;

import dev.chainlog.api.Durability;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain RocksDB (rocksdbjni, the version chainlog uses) in a fresh folder: default options, one column family,
 * and the WriteOptions chainlog uses for each durability: {@code SYNC} = {@code sync=true}; {@code WAL} = WAL written,
 * no fsync; {@code NONE} = {@code disableWAL=true}. The physical limit of the storage engine for these bytes.
 */
final class RawRocks implements AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    final Path dir;
    final Options options;
    final RocksDB db;
    final WriteOptions write;
    final AtomicLong seq = new AtomicLong();

    RawRocks(String prefix, Durability durability) {
        dir = Support.freshDir(prefix);
        options = new Options().setCreateIfMissing(true);
        try {
            db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            options.close();
            throw new IllegalStateException(e);
        }
        write = new WriteOptions()
                .setSync(durability == Durability.SYNC)
                .setDisableWAL(durability == Durability.NONE);
    }

    void put(byte[] value) {
        try {
            db.put(write, Support.seqKey(seq.incrementAndGet()), value);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    void putBatch(byte[] value, int n) {
        try (WriteBatch wb = new WriteBatch()) {
            for (int i = 0; i < n; i++) {
                wb.put(Support.seqKey(seq.incrementAndGet()), value);
            }
            db.write(write, wb);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One WriteBatch of {@code n} puts of {@code values[from..]} (cycled; its length a power of two). */
    void putBatch(byte[][] values, int from, int n) {
        try (WriteBatch wb = new WriteBatch()) {
            for (int i = 0; i < n; i++) {
                wb.put(Support.seqKey(seq.incrementAndGet()), values[(from + i) & (values.length - 1)]);
            }
            db.write(write, wb);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        write.close();
        db.close();
        options.close();
        Support.deleteTree(dir);
    }
}
