package dev.chainlog.rocksdb;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Where a commit puts its keys: a {@link BatchImage} built in Java (an append's commit), or a native
 * {@link WriteBatch} (a retention cut's, whose deletes were prepared natively off the writer).
 */
interface BatchWrites {
    void put(ColumnFamilyHandle cf, byte[] key, byte[] value) throws RocksDBException;

    void delete(ColumnFamilyHandle cf, byte[] key) throws RocksDBException;

    /** The puts and deletes go straight into {@code batch}. */
    static BatchWrites of(WriteBatch batch) {
        return new BatchWrites() {
            @Override
            public void put(ColumnFamilyHandle cf, byte[] key, byte[] value) throws RocksDBException {
                batch.put(cf, key, value);
            }

            @Override
            public void delete(ColumnFamilyHandle cf, byte[] key) throws RocksDBException {
                batch.delete(cf, key);
            }
        };
    }
}
