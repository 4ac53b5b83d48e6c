package dev.chainlog.rocksdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link BatchImage} writes exactly RocksDB's own WriteBatch representation: for random puts and deletes over the
 * default and other column families (keys and values of every varint length class, empty ones included), its bytes
 * equal {@code WriteBatch.data()} of the same operations made through RocksJava, and a real database written with it
 * holds what was put.
 */
class BatchImageTest {
    @TempDir
    Path dir;

    @Test
    void writesRocksDbsOwnRepresentation() throws RocksDBException {
        RocksDB.loadLibrary();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (int i = 1; i < 140; i++) { // ids past 127 take a two-byte varint
            descriptors.add(new ColumnFamilyDescriptor(("cf" + i).getBytes()));
        }
        List<ColumnFamilyHandle> cfs = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
             RocksDB db = RocksDB.open(options, dir.toString(), descriptors, cfs);
             WriteOptions write = new WriteOptions()) {
            Random r = new Random(16);
            BatchImage image = new BatchImage();
            for (int round = 0; round < 200; round++) {
                image.reset();
                try (WriteBatch expected = new WriteBatch()) {
                    int ops = r.nextInt(40);
                    for (int i = 0; i < ops; i++) {
                        ColumnFamilyHandle cf = cfs.get(r.nextInt(4) == 0 ? 0 : r.nextInt(cfs.size()));
                        byte[] key = bytes(r);
                        if (r.nextInt(5) == 0) {
                            image.delete(cf, key);
                            expected.delete(cf, key);
                        } else {
                            byte[] value = bytes(r);
                            image.put(cf, key, value);
                            expected.put(cf, key, value);
                        }
                    }
                    assertArrayEquals(expected.data(), image.bytes(), "round " + round);
                    assertEquals(ops, image.count());
                }
            }

            image.reset();
            image.put(cfs.get(0), "a".getBytes(), "1".getBytes());
            image.put(cfs.get(7), "b".getBytes(), new byte[70_000]);
            image.put(cfs.get(7), "c".getBytes(), "3".getBytes());
            image.delete(cfs.get(7), "c".getBytes());
            try (WriteBatch wb = image.toWriteBatch()) {
                db.write(write, wb);
            }
            assertArrayEquals("1".getBytes(), db.get(cfs.get(0), "a".getBytes()));
            assertArrayEquals(new byte[70_000], db.get(cfs.get(7), "b".getBytes()));
            assertNull(db.get(cfs.get(7), "c".getBytes()));
            try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(cfs.get(7), ro)) {
                int n = 0;
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    n++;
                }
                assertEquals(1, n, "only b is left in cf7");
            }
        } finally {
            cfs.forEach(ColumnFamilyHandle::close);
        }
    }

    /** Lengths of every varint class: 0, 1 byte, 2 bytes (128..16383), 3 bytes. */
    private static byte[] bytes(Random r) {
        int length = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 1 + r.nextInt(127);
            case 2 -> 128 + r.nextInt(16_000);
            default -> 16_384 + r.nextInt(20_000);
        };
        byte[] b = new byte[length];
        r.nextBytes(b);
        return b;
    }
}
