package dev.chainlog.core;

import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.LogStore;
import dev.chainlog.tree.CompactRange;
import dev.chainlog.tree.TiledTree;
import dev.chainlog.tree.TreeHashes;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The tree half of verify (docs/FORMAT.md §9b): the leaves the chain walk meets, in seq order, are
 * appended to the stored tree base (the compact range of the pruned leaves), and every node of a stored level they
 * complete is compared with the stored one — one point read per 256 entries. A node that differs or is missing is a
 * {@link ProblemKind#TREE_MISMATCH}; so is a base that does not end where the log starts.
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

    TreeCheck(LogStore store, long logStartSeq, Consumer<Problem> report) {
        this.store = store;
        this.report = report;
        CompactRange base = store.treeBase();
        if (base != null && base.size() != logStartSeq - 1) {
            report.accept(Problem.at(ProblemKind.TREE_MISMATCH, logStartSeq, "the tree's pruned range covers "
                    + base.size() + " leaves, but the log starts at seq " + logStartSeq));
            base = null;
        }
        this.range = base == null ? null : base.copy();
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
