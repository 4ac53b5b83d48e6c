package dev.chainlog.rocksdb;

import dev.chainlog.contract.StoreTamperer;
import dev.chainlog.store.LogMeta;

/** Damages a {@link RocksLogStore} through the raw RocksDB API, behind the log's back. */
final class RocksTamperer implements StoreTamperer {
    private final RocksLogStore store;

    RocksTamperer(RocksLogStore store) {
        this.store = store;
    }

    @Override
    public void putValue(long seq, byte[] value) {
        store.rawPut(Column.ENTRIES, Keys.seq(seq), value);
    }

    @Override
    public void putChecksum(long seq, byte[] checksum) {
        store.rawPut(Column.CHECKSUMS, Keys.seq(seq), checksum);
    }

    @Override
    public void delete(long seq, boolean checksumToo) {
        store.rawDelete(Column.ENTRIES, Keys.seq(seq));
        if (checksumToo) {
            store.rawDelete(Column.CHECKSUMS, Keys.seq(seq));
        }
    }

    @Override
    public void putMeta(LogMeta meta) {
        store.rawPutMeta(meta);
    }

    @Override
    public LogMeta meta() {
        return store.readMeta();
    }

    /** Writes raw bytes under a raw key (e.g. a key that is not an 8-byte seq). */
    void putRaw(Column column, byte[] key, byte[] value) {
        store.rawPut(column, key, value);
    }
}
