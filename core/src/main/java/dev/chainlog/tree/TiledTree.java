package dev.chainlog.tree;

import java.util.List;

/**
 * The log's Merkle tree read from what a store keeps (docs/FORMAT.md §9b):
 * <ul>
 *   <li>the leaf data of every stored entry (the SHA-256 of its stored value: the checksum column), from which the
 *       leaf hashes are computed;</li>
 *   <li>the nodes of every {@value #TILE_HEIGHT}th level (8, 16, 24, …), written in the same atomic batch as the
 *       entry that completes them: one extra key per 256 entries, one per 65,536 at level 16, and so on — as the
 *       256-wide tiles of C2SP tlog-tiles, but only their top row;</li>
 *   <li>once a prefix of leaves [0, c) is pruned (its leaf data goes with its entries, but for the at most 255 of
 *       the level-0 tile c falls in: {@link #firstKeptLeaf}), the {@link CompactRange} of that prefix (at most 64
 *       hashes): the nodes of its binary decomposition. The stored nodes stay, inside the
 *       prefix too: they cost one key per 256 pruned entries, and with them (and the kept leaf data) a tiles
 *       export of a pruned log ({@code core.TileExport}) holds every tile a standard tiles client needs for the
 *       roots, inclusion and consistency proofs at or above c.</li>
 * </ul>
 * A node at any other level is folded from at most 2^7 nodes of the stored level below it (or leaves), read in one
 * range scan; a node that straddles c is folded from its two children, one of which is a node of the pruned range.
 * So every root, inclusion proof and consistency proof that involves only sizes ≥ c and leaves ≥ c is answered, and
 * nothing else is needed: in the RFC 9162 recursion, a complete node entirely below c that such a proof asks for is
 * always a node of the decomposition of [0, c) (the bit of c at its level is set, and c agrees with the node's
 * start above it).
 *
 * <p>Immutable over a snapshot of the pruned range; the nodes it reads are complete, so never change while stored.
 */
public final class TiledTree implements NodeReader {
    /** Levels between two stored levels: a stored node stands for a 2^8-wide tile of the stored level below. */
    public static final int TILE_HEIGHT = 8;

    /** What a store gives the tree. Missing data come back as null or as a shorter list. */
    public interface Storage {
        /** The stored node at {@code level} (a positive multiple of {@value #TILE_HEIGHT}) and {@code index}, or null. */
        byte[] storedNode(int level, long index);

        /** The stored nodes {@code from} ≤ index &lt; {@code to} of a stored level, ascending, stopping at a gap. */
        List<byte[]> storedNodes(int level, long from, long to);

        /** The leaf data of the leaves {@code from} ≤ index &lt; {@code to} (seqs from + 1 … to), stopping at a gap. */
        List<byte[]> leafData(long from, long to);
    }

    private final Storage storage;
    private final CompactRange pruned;
    /** Start of each node of {@code pruned}'s decomposition, and its level, largest first. */
    private final long[] prunedStarts;
    private final int[] prunedLevels;
    private final List<byte[]> prunedHashes;

    /**
     * @param pruned the compact range of the pruned leaves [0, c) ({@link CompactRange#empty()} when nothing was
     *               pruned)
     */
    public TiledTree(Storage storage, CompactRange pruned) {
        this.storage = storage;
        this.pruned = pruned;
        this.prunedHashes = pruned.hashes();
        int n = prunedHashes.size();
        prunedStarts = new long[n];
        prunedLevels = new int[n];
        long at = 0;
        for (int i = 0; i < n; i++) {
            int level = Subtrees.largestAt(at, pruned.size());
            prunedStarts[i] = at;
            prunedLevels[i] = level;
            at += 1L << level;
        }
    }

    /** True for the levels a store keeps: 8, 16, 24, … (level 0, the leaves, is kept as leaf data). */
    public static boolean isStored(int level) {
        return level > 0 && level % TILE_HEIGHT == 0;
    }

    /**
     * The first leaf whose leaf data a cut to the minimum index {@code c} keeps: the start of the level-0 tile that c
     * falls in. The checksums of the leaves [that, c) outlive their entries (at most 255 of them), so the tiles and
     * entry bundles a tiles client needs for every tree of size ≥ c can still be written (C2SP tlog-tiles may only
     * withhold what ends at or below c).
     */
    public static long firstKeptLeaf(long c) {
        return c - c % Tiles.WIDTH;
    }

    /** The first leaf still stored: the size of the pruned prefix. */
    public long minimumIndex() {
        return pruned.size();
    }

    @Override
    public byte[] node(int level, long index) {
        long lo = index << level;
        long hi = lo + (1L << level);
        long c = pruned.size();
        if (hi <= c) {
            return prunedNode(level, index, lo);
        }
        if (lo < c) { // straddles the pruned boundary
            if (isStored(level)) {
                byte[] kept = storage.storedNode(level, index);
                if (kept != null) {
                    return kept;
                }
            }
            return TreeHashes.nodeHash(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
        }
        return retainedNode(level, index);
    }

    private byte[] prunedNode(int level, long index, long lo) {
        for (int i = 0; i < prunedStarts.length; i++) {
            if (prunedStarts[i] == lo && prunedLevels[i] == level) {
                return prunedHashes.get(i).clone();
            }
        }
        throw new MissingNodeException(level, index, "it lies in the pruned prefix [0, " + pruned.size() + ")");
    }

    private byte[] retainedNode(int level, long index) {
        if (isStored(level)) {
            byte[] h = storage.storedNode(level, index);
            if (h == null) {
                throw new MissingNodeException(level, index, "it is not stored");
            }
            return h;
        }
        int base = level - level % TILE_HEIGHT;
        int height = level - base;
        long from = index << height;
        long to = from + (1L << height);
        List<byte[]> row = base == 0 ? storage.leafData(from, to) : storage.storedNodes(base, from, to);
        if (row.size() != to - from) {
            throw new MissingNodeException(level, index, (base == 0 ? "leaf " : "stored node " + base + "/")
                    + (from + row.size()) + " is not stored");
        }
        byte[][] hashes = new byte[row.size()][];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = base == 0 ? TreeHashes.leafHash(row.get(i)) : row.get(i);
        }
        for (int width = hashes.length; width > 1; width /= 2) {
            for (int i = 0; i < width / 2; i++) {
                hashes[i] = TreeHashes.nodeHash(hashes[2 * i], hashes[2 * i + 1]);
            }
        }
        return hashes[0];
    }
}
