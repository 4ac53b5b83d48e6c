package dev.chainlog.rocksdb;

import dev.chainlog.tree.TiledTree;

/**
 * Keys of the {@code tree} column family (docs/FORMAT.md §9b; {@link TiledTree}).
 *
 * <pre>
 * node key : 1 byte level (8, 16, …, 56), then the node's index as 8 bytes big-endian   → 32-byte node hash
 * base key : the single byte 0x00                                                        → CompactRange.toBytes()
 * </pre>
 *
 * <p>Big-endian indexes under one level byte sort numerically, so a level's nodes [from, to) are one key range: the
 * folding of a node from the stored level below it, and a tile of a tiles export, are one bounded scan. Level 0 (the
 * leaves: the {@code checksums} column) is never stored here, so the 1-byte base key cannot meet a node key. Nodes
 * are never deleted: they outlive retention cuts (one key per 256 pruned entries).
 */
final class TreeKeys {
    static final byte[] BASE = {0};
    static final int LENGTH = 9;

    private TreeKeys() {
    }

    static byte[] node(int level, long index) {
        byte[] k = new byte[LENGTH];
        k[0] = (byte) level;
        for (int i = 0; i < 8; i++) {
            k[1 + i] = (byte) (index >>> (56 - 8 * i));
        }
        return k;
    }
}
