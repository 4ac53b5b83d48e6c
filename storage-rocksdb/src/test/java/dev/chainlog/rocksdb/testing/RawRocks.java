package dev.chainlog.rocksdb.testing;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The log folder through the plain RocksDB API, behind chainlog's back: what someone (or a bug) with access to the
 * folder could do. Used to build damaged logs deterministically. Column family names are part of the on-disk
 * format (docs/STORAGE-ROCKSDB.md §1). Shared with the other modules' tests through this module's test-jar.
 */
public final class RawRocks implements AutoCloseable {
    public static final List<String> COLUMNS = List.of("default", "entries", "checksums", "by_uuid", "by_request",
            "by_source", "meta", "tree");

    private final DBOptions options;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();

    public RawRocks(Path dir) throws RocksDBException {
        RocksDB.loadLibrary();
        options = new DBOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String c : COLUMNS) {
            descriptors.add(new ColumnFamilyDescriptor(c.getBytes(StandardCharsets.US_ASCII)));
        }
        db = RocksDB.open(options, dir.toString(), descriptors, handles);
    }

    public ColumnFamilyHandle cf(String name) {
        return handles.get(COLUMNS.indexOf(name));
    }

    public static byte[] seq(long seq) {
        return ByteBuffer.allocate(8).putLong(seq).array();
    }

    /** Deletes the entry and its checksum. */
    public void deleteSeq(long seq) throws RocksDBException {
        db.delete(cf("entries"), seq(seq));
        db.delete(cf("checksums"), seq(seq));
    }

    public RocksDB db() {
        return db;
    }

    @Override
    public void close() {
        try {
            db.flushWal(true);
        } catch (RocksDBException e) {
            // best effort
        }
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        options.close();
    }
}
