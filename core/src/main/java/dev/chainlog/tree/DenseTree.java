package dev.chainlog.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * A tree that keeps every complete node in memory, level by level: the in-memory backend's tree, and the reference
 * the stored trees are tested against. Appending is amortised O(1) hashes; {@link #node} is one list read.
 */
public final class DenseTree implements NodeReader {
    private final List<List<byte[]>> levels = new ArrayList<>();
    private final CompactRange range = CompactRange.empty();

    /** Appends the leaf whose data is {@code leafData} (an entry's value hash). */
    public void appendLeafData(byte[] leafData) {
        append(TreeHashes.leafHash(leafData));
    }

    /** Appends the leaf whose hash is {@code leafHash}. */
    public void append(byte[] leafHash) {
        range.append(leafHash, (level, index, hash) -> {
            if (levels.size() == level) {
                levels.add(new ArrayList<>());
            }
            levels.get(level).add(hash);
        });
    }

    public long size() {
        return range.size();
    }

    public byte[] root() {
        return range.root();
    }

    public CompactRange range() {
        return range.copy();
    }

    @Override
    public byte[] node(int level, long index) {
        if (level >= levels.size() || index >= levels.get(level).size() || index < 0) {
            throw new IllegalArgumentException("no complete node at level " + level + ", index " + index
                    + " in a tree of size " + size());
        }
        return levels.get(level).get((int) index);
    }
}
