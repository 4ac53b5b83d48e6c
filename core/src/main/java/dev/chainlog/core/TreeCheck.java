package dev.chainlog.core;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.LogStore;
import dev.chainlog.tree.CompactRange;
import dev.chainlog.tree.Subtrees;
import dev.chainlog.tree.TiledTree;
import dev.chainlog.tree.TreeHashes;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The tree half of verify (docs/FORMAT.md §9b): the leaves the chain walk meets, in seq order, are
 * appended to the stored tree base (the compact range of the pruned leaves), and every node of a stored level they
 * complete is compared with the stored one — one point read per 256 entries. A node that differs or is missing is a
 * {@link ProblemKind#TREE_MISMATCH}; so is a base that does not end where the log starts, or does not decode, and a
 * stored node below the log start that the pruned range does not vouch for ({@link #checkBelowTheCut}).
 *
 * <p>The leaf data is the checksum column's value (what the tree was built from; a checksum that disagrees with its
 * value is the walk's report), or the value's hash where no checksum is stored. Past a gap in the walk the tree
 * cannot be recomputed, and the check stops.
 */
final class TreeCheck {
    private final LogStore store;
    private final Consumer<Problem> report;
    /** Null once the check cannot go on (no tree kept, a base that does not fit, a gap). */
    private CompactRange range;

    /**
     * @param storedStartNow the store's log start now: a base that no longer fits because a cut committed since the
     *                       verify read its meta is not damage, and the check stops silently
     */
    TreeCheck(LogStore store, long logStartSeq, LongSupplier storedStartNow, Consumer<Problem> report) {
        this.store = store;
        this.report = report;
        CompactRange base;
        try {
            base = store.treeBase();
        } catch (CorruptLogException e) {
            report.accept(Problem.at(ProblemKind.TREE_MISMATCH, logStartSeq, e.getMessage()));
            base = null;
        }
        if (base != null && base.size() != logStartSeq - 1) {
            if (storedStartNow.getAsLong() == logStartSeq) {
                report.accept(Problem.at(ProblemKind.TREE_MISMATCH, logStartSeq, "the tree's pruned range covers "
                        + base.size() + " leaves, but the log starts at seq " + logStartSeq));
            }
            base = null;
        }
        if (base != null) {
            checkBelowTheCut(base);
        }
        this.range = base == null ? null : base.copy();
    }

    /**
     * The stored nodes inside the pruned prefix (they outlive cuts, and a tiles export publishes them) against the
     * pruned range: each node of the range at a stored level or above is folded from the stored nodes of the stored
     * level below it, and each stored node of level ≥ 16 from the 256 of the stored level below it; one read per
     * stored node, so every stored node below the cut is vouched for by the range.
     */
    private void checkBelowTheCut(CompactRange base) {
        long at = 0;
        List<byte[]> pieces = base.hashes();
        for (byte[] piece : pieces) {
            int level = Subtrees.largestAt(at, base.size());
            if (level >= TiledTree.TILE_HEIGHT) {
                int stored = level - level % TiledTree.TILE_HEIGHT;
                compareFold(level, at >>> level, stored, piece, "the pruned range's node");
            }
            at += 1L << level;
        }
        for (int level = 2 * TiledTree.TILE_HEIGHT; level < 64 && (base.size() >>> level) > 0; level += TiledTree.TILE_HEIGHT) {
            for (long i = 0; i < base.size() >>> level; i++) {
                byte[] node = store.treeNode(level, i);
                compareFold(level, i, level - TiledTree.TILE_HEIGHT, node, "stored node");
            }
        }
    }

    /** Compares {@code expected} (the node at level, index) with the fold of the stored nodes of level {@code from}. */
    private void compareFold(int level, long index, int from, byte[] expected, String what) {
        long width = 1L << (level - from);
        long first = index << (level - from);
        List<byte[]> row = store.treeNodes(from, first, first + width);
        long last = (index + 1) << level;
        if (expected == null || row.size() != width) {
            report.accept(Problem.at(ProblemKind.TREE_MISMATCH, last, "tree node " + (expected == null ? level + "/" + index
                    : from + "/" + (first + row.size())) + " below the log start is missing"));
            return;
        }
        byte[][] h = row.toArray(new byte[0][]);
        for (long w = width; w > 1; w /= 2) {
            for (int i = 0; i < w / 2; i++) {
                h[i] = TreeHashes.nodeHash(h[2 * i], h[2 * i + 1]);
            }
        }
        if (!Arrays.equals(h[0], expected)) {
            report.accept(Problem.at(ProblemKind.TREE_MISMATCH, last, what + " " + level + "/" + index + " (below the log "
                    + "start) is " + Hashes.hex(expected) + ", but the stored nodes of level " + from + " under it make "
                    + Hashes.hex(h[0])));
        }
    }

    /** The walk met entry {@code seq}, whose leaf data is {@code leafData} (null: none, the check stops). */
    void leaf(long seq, byte[] leafData) {
        if (range == null) {
            return;
        }
        if (leafData == null || seq != range.size() + 1) {
            range = null;
            return;
        }
        range.append(TreeHashes.leafHash(leafData), this::compare);
    }

    /** Entries are missing: nothing after them can be recomputed. */
    void gap() {
        range = null;
    }

    private void compare(int level, long index, byte[] computed) {
        if (!TiledTree.isStored(level)) {
            return;
        }
        byte[] stored = store.treeNode(level, index);
        if (!Arrays.equals(stored, computed)) {
            long last = (index + 1) << level;
            report.accept(Problem.at(ProblemKind.TREE_MISMATCH, last, "tree node " + level + "/" + index + " (seqs "
                    + ((index << level) + 1) + ".." + last + ") is " + (stored == null ? "missing" : "stored as "
                    + Hashes.hex(stored)) + ", but its entries make " + Hashes.hex(computed)));
        }
    }
}
