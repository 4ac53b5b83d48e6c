package dev.chainlog.store;

import dev.chainlog.tree.CompactRange;

/**
 * A retention cut made ready by {@link LogStore#prepareCut} and applied by the {@link CommitBatch} that carries it:
 * every stored entry below {@link #newStart()} goes, with its checksum and its index entries — in the commit itself
 * (the memory store), or after it, in the background, with nothing below the new start read meanwhile (the RocksDB
 * store: its commit is the new log start, then it removes the prefix in chunks beside the appends and
 * {@link LogStore#finishCuts} waits for that).
 *
 * <p>Why prepared apart from the commit: whatever a store must read or build for a cut (the tree's pruned range; a
 * store may read more) is done off the writer, while appends go on. The prefix below the visible log start never
 * changes again (appends only add above the head, and cuts are the writer's alone), so it can be read meanwhile.
 *
 * <p>A prepared cut may hold resources of its store: close it when it is not committed.
 */
public interface PreparedCut extends AutoCloseable {
    /** The new stored log start: the first seq that stays. */
    long newStart();

    /** The compact range of the pruned leaves [0, newStart − 1): the tree base the commit stores. */
    CompactRange prunedTree();

    /** How many stored entries the cut removes (for logs and space reclaim). */
    long entries();

    /** Releases what the preparation holds; the commit that applies the cut closes it too. Idempotent. */
    @Override
    void close();

    /** A prepared cut that holds nothing: for a store whose cut needs nothing but these three facts. */
    static PreparedCut of(long newStart, CompactRange prunedTree, long entries) {
        record Plain(long newStart, CompactRange prunedTree, long entries) implements PreparedCut {
            @Override
            public void close() {
            }
        }
        return new Plain(newStart, prunedTree, entries);
    }
}
