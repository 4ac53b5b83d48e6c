package dev.chainlog.rocksdb;

import dev.chainlog.store.RecordCursor;

/** The cursor of an empty range: no snapshot, no native resources. */
enum EmptyCursor implements RecordCursor {
    INSTANCE;

    @Override
    public boolean next() {
        return false;
    }

    @Override
    public long seq() {
        throw new IllegalStateException("no current entry");
    }

    @Override
    public byte[] value() {
        throw new IllegalStateException("no current entry");
    }

    @Override
    public byte[] checksum() {
        throw new IllegalStateException("no current entry");
    }

    @Override
    public void close() {
    }
}
