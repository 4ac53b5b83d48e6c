package dev.chainlog.rocksdb;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.WriteBatch;

import java.util.Arrays;

/**
 * A RocksDB WriteBatch built as its serialized form in Java and handed to RocksDB in one JNI call
 * ({@link #toWriteBatch}), instead of one JNI call per key (each of which also copies its key and value into a
 * temporary native buffer): the cost that grew with every key of an append's commit.
 *
 * <p>The format is RocksDB's own {@code WriteBatch} representation (db/write_batch.cc), which RocksJava exposes both
 * ways ({@code WriteBatch.data()}, {@code new WriteBatch(byte[])}); BatchImageTest checks that this class writes
 * exactly what {@code data()} returns for the same puts and deletes:
 * <pre>
 * rep      := sequence: fixed64 (0: the write assigns it) · count: fixed32 · record[count]
 * record   := 0x01 key value                 a put into the default column family (id 0)
 *           | 0x05 varint32(cf id) key value  a put into another column family
 *           | 0x00 key                        a delete in the default column family
 *           | 0x04 varint32(cf id) key        a delete in another column family
 * key, value := varint32(length) bytes
 * </pre>
 * Fixed-width integers are little-endian; varint32 is LEB128 (7 bits a byte, low group first).
 *
 * <p>Reusable: {@link #reset} keeps the buffer (up to 4 MiB), so the writer's commits allocate nothing here but the
 * batch's bytes once it has grown to their size. Not thread-safe: the single writer's.
 */
final class BatchImage implements BatchWrites {
    private static final int HEADER = 12;
    private static final byte PUT_DEFAULT = 0x01;
    private static final byte PUT_CF = 0x05;
    private static final byte DELETE_DEFAULT = 0x00;
    private static final byte DELETE_CF = 0x04;
    /** A buffer grown past this by one large batch (an import) is let go at the next reset. */
    private static final int KEEP_BYTES = 4 << 20;

    private byte[] buf = new byte[4096];
    private int size = HEADER;
    private int count;

    /** Empties the batch (keeping its buffer). */
    BatchImage reset() {
        if (buf.length > KEEP_BYTES) {
            buf = new byte[4096];
        }
        Arrays.fill(buf, 0, HEADER, (byte) 0);
        size = HEADER;
        count = 0;
        return this;
    }

    int count() {
        return count;
    }

    @Override
    public void put(ColumnFamilyHandle cf, byte[] key, byte[] value) {
        int id = cf.getID();
        ensure(1 + 5 + 5 + key.length + 5 + value.length);
        if (id == 0) {
            buf[size++] = PUT_DEFAULT;
        } else {
            buf[size++] = PUT_CF;
            varint(id);
        }
        bytes(key);
        bytes(value);
        count++;
    }

    @Override
    public void delete(ColumnFamilyHandle cf, byte[] key) {
        int id = cf.getID();
        ensure(1 + 5 + 5 + key.length);
        if (id == 0) {
            buf[size++] = DELETE_DEFAULT;
        } else {
            buf[size++] = DELETE_CF;
            varint(id);
        }
        bytes(key);
        count++;
    }

    /** The serialized batch (header with the count, then the records). */
    byte[] bytes() {
        buf[8] = (byte) count;
        buf[9] = (byte) (count >>> 8);
        buf[10] = (byte) (count >>> 16);
        buf[11] = (byte) (count >>> 24);
        return Arrays.copyOf(buf, size);
    }

    /** A native WriteBatch holding these records (the caller closes it). */
    WriteBatch toWriteBatch() {
        return new WriteBatch(bytes());
    }

    private void bytes(byte[] b) {
        varint(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    private void varint(int v) {
        while ((v & ~0x7F) != 0) {
            buf[size++] = (byte) (v & 0x7F | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(2 * buf.length, size + more));
        }
    }
}
