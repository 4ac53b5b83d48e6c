package dev.chainlog.store;

/**
 * A forward scan over stored entries in key order, with each key's checksum. Never shows part of a commit; whether
 * the whole scan sees one state is the store's: RocksDB scans one snapshot, the memory store copies bounded chunks
 * under its lock, so a cut committed meanwhile may remove entries the scan has not reached yet. The core reads with
 * that in mind: a gap below the store's current log start is a cut, not damage. Not thread-safe; close it.
 */
public interface RecordCursor extends AutoCloseable {
    /** Moves to the next stored entry; false at the end of the range. */
    boolean next();

    /** The key (the seq the entry is stored under). */
    long seq();

    /** The stored value. */
    byte[] value();

    /** The checksum column's value for this key, or null when there is none. */
    byte[] checksum();

    @Override
    void close();
}
