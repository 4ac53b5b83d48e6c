package dev.chainlog.rocksdb;

import dev.chainlog.store.PreparedCut;
import dev.chainlog.tree.CompactRange;
import org.rocksdb.WriteBatch;

/**
 * A prepared cut of a RocksDB store: the native WriteBatch of its deletes ({@link PrefixCut}), to which the commit that
 * applies it adds the new meta. Holds native memory until closed.
 */
final class RocksPreparedCut implements PreparedCut {
    private final long newStart;
    private final CompactRange prunedTree;
    private final long entries;
    private final long unreadable;
    private final WriteBatch batch;
    private boolean closed;

    RocksPreparedCut(long newStart, CompactRange prunedTree, long entries, long unreadable, WriteBatch batch) {
        this.newStart = newStart;
        this.prunedTree = prunedTree;
        this.entries = entries;
        this.unreadable = unreadable;
        this.batch = batch;
    }

    @Override
    public long newStart() {
        return newStart;
    }

    @Override
    public CompactRange prunedTree() {
        return prunedTree;
    }

    @Override
    public long entries() {
        return entries;
    }

    /** Pruned values too damaged to read their index fields: their index entries stay behind (hidden). */
    long unreadable() {
        return unreadable;
    }

    /** The deletes; the commit adds its meta and writes it. */
    WriteBatch batch() {
        return batch;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            batch.close();
        }
    }
}
