package dev.chainlog.core;

import dev.chainlog.store.NewEntry;
import dev.chainlog.tree.CompactRange;
import dev.chainlog.tree.TiledTree;
import dev.chainlog.tree.TreeHashes;
import dev.chainlog.tree.TreeNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The writer's right edge of the Merkle tree (docs/FORMAT.md §9b): the compact range of the leaves
 * [0, head), at most 64 hashes, from which each commit's new entries get their leaf hashes, the tree root of the
 * state the commit produces (for its checkpoint), and the nodes of stored levels they complete (one per 256
 * entries), which join the same batch.
 *
 * <p>Invariant: {@code range.size()} is the head of the last state the commit point committed, or, while a commit
 * is being made, that of the state it produces ({@link #append} runs before the store writes); a commit that fails
 * puts the range back ({@link #reset}). Writer only.
 */
final class TreeFrontier {
    private CompactRange range;
    private List<TreeNode> completed;
    private final CompactRange.NodeSink keepStored = (level, index, hash) -> {
        if (TiledTree.isStored(level)) {
            if (completed == null) {
                completed = new ArrayList<>(2);
            }
            completed.add(new TreeNode(level, index, hash));
        }
    };

    TreeFrontier(CompactRange range) {
        this.range = range;
    }

    /** Appends the leaves of {@code entries} (which must follow the frontier); returns the stored nodes they complete. */
    List<TreeNode> append(List<NewEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        if (entries.get(0).seq() != range.size() + 1) {
            throw new IllegalStateException("entries from seq " + entries.get(0).seq() + " do not follow the tree of size "
                    + range.size());
        }
        completed = null;
        for (NewEntry e : entries) {
            range.append(TreeHashes.leafHash(e.hash()), keepStored);
        }
        return completed == null ? List.of() : completed;
    }

    /** The root of the tree over every leaf appended so far. */
    byte[] root() {
        return range.root();
    }

    long size() {
        return range.size();
    }

    /** Starts again from {@code committed}: the range of the state the store holds. */
    void reset(CompactRange committed) {
        this.range = committed;
    }
}
