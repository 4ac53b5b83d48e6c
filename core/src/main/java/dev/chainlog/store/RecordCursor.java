package dev.chainlog.store;

/**
 * A forward scan over stored entries in key order, with each key's checksum. Sees one consistent state of the
 * store (a snapshot where the store has them). Not thread-safe; close it.
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
