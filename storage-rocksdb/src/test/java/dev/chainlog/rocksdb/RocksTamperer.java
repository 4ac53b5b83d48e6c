package dev.chainlog.rocksdb;

import dev.chainlog.contract.StoreTamperer;
import dev.chainlog.store.LogMeta;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Damages an open {@link RocksLogStore} through the raw RocksDB API, behind the log's back: what a disk, or someone
 * with access to the folder, could do while the log is open. It reaches the database through the store's
 * package-private {@link RocksLogStore#db()}, {@link RocksLogStore#cf(Column)} and {@link RocksLogStore#guard()},
 * and runs every call inside the store's guard, as the store's own calls do.
 *
 * <p>Behind the store's back, too: a meta written here ({@link #putMeta}) is not what the store's last commit
 * wrote, and a later commit of the same open store writes only the meta keys it changes itself.
 */
final class RocksTamperer implements StoreTamperer {
    private final RocksLogStore store;

    RocksTamperer(RocksLogStore store) {
        this.store = store;
    }

    @Override
    public void putValue(long seq, byte[] value) {
        put(Column.ENTRIES, Keys.seq(seq), value);
    }

    @Override
    public void putChecksum(long seq, byte[] checksum) {
        put(Column.CHECKSUMS, Keys.seq(seq), checksum);
    }

    @Override
    public void putSnapshot(String name, long seq, byte[] stored) {
        put(Column.META, MetaCodec.snapshotKey(name, seq), stored);
    }

    @Override
    public byte[] snapshot(String name, long seq) {
        return store.snapshot(name, seq);
    }

    @Override
    public void putTreeNode(int level, long index, byte[] hash) {
        put(Column.TREE, TreeKeys.node(level, index), hash);
    }

    @Override
    public void delete(long seq, boolean checksumToo) {
        delete(Column.ENTRIES, Keys.seq(seq));
        if (checksumToo) {
            delete(Column.CHECKSUMS, Keys.seq(seq));
        }
    }

    /** Overwrites every meta key, in one synced batch (tests of recovery against a rewritten meta). */
    @Override
    public void putMeta(LogMeta meta) {
        raw("raw write", () -> {
            try (WriteBatch wb = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true)) {
                MetaCodec.writeAll(wb, store.cf(Column.META), meta);
                store.db().write(sync, wb);
            }
            return null;
        });
    }

    @Override
    public LogMeta meta() {
        return store.readMeta();
    }

    /** Writes raw bytes under a raw key (e.g. a key that is not an 8-byte seq, or a meta key). */
    void put(Column column, byte[] key, byte[] value) {
        raw("raw write", () -> {
            store.db().put(store.cf(column), key, value);
            return null;
        });
    }

    byte[] get(Column column, byte[] key) {
        return raw("raw read", () -> store.db().get(store.cf(column), key));
    }

    void delete(Column column, byte[] key) {
        raw("raw write", () -> {
            store.db().delete(store.cf(column), key);
            return null;
        });
    }

    private interface RawCall<T> {
        T run() throws RocksDBException;
    }

    private <T> T raw(String what, RawCall<T> call) {
        store.guard().enter();
        try {
            return call.run();
        } catch (RocksDBException e) {
            throw RocksErrors.operation(what, e);
        } finally {
            store.guard().exit();
        }
    }
}
