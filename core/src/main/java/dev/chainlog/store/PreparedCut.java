package dev.chainlog.store;

import dev.chainlog.tree.CompactRange;

/**
 * A retention cut made ready by {@link LogStore#prepareCut} and applied by the {@link CommitBatch} that carries it:
 * every stored entry below {@link #newStart()} goes, with its checksum and its index entries.
 *
 * <p>Why prepared apart from the commit: finding the index entries of a pruned prefix means reading every pruned
 * value (a RocksDB store reads their request ids and sources); done while committing, it would hold up every append
 * behind it. The prefix below the visible log start never changes again (appends only add above the head, and cuts
 * are the writer's alone), so it can be read while appends go on, and the writer's commit only applies the deletes.
 *
 * <p>A prepared cut may hold native memory (a RocksDB write batch): close it when it is not committed.
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
}
