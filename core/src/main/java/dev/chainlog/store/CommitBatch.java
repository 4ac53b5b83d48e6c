package dev.chainlog.store;

import dev.chainlog.tree.CompactRange;
import dev.chainlog.tree.TreeNode;

import java.util.List;
import java.util.Map;

/**
 * Everything one commit changes, applied by {@link LogStore#commit} atomically: all of it or none of it.
 *
 * @param entries new entries with consecutive seqs following the stored head (may be empty), none below the cut's
 *                new start. None has the uuid of an entry that stays stored after this batch: a uuid is taken while
 *                its entry is stored, so a store may drop the uuid index entries of the entries it prunes without
 *                reading them (a new entry that takes over the uuid of an entry this batch cuts wins)
 * @param cut     a retention cut prepared by {@link LogStore#prepareCut} (its entries, checksums and index entries
 *                go, and it is closed by the commit), or null
 * @param meta    the new meta; its head and logStartSeq describe the state after this batch
 * @param notes   named notes to store (replacing any of the same name) with the batch, e.g. the signed checkpoint
 *                of this very state (see {@link LogStore#note})
 * @param nodes   the tree nodes of stored levels the new entries complete ({@link dev.chainlog.tree.TiledTree}):
 *                a crash never leaves an entry without the nodes it completes
 * @param cursors the durable consumers' cursors the batch writes or removes ({@link CursorChanges#NONE}: none)
 * @param treeBase the compact range of the pruned leaves to store as {@link LogStore#treeBase()}, or null to keep
 *                the stored one: the cut's {@link PreparedCut#prunedTree()} when there is a cut, the empty range
 *                when a log starts keeping its tree
 */
public record CommitBatch(List<NewEntry> entries, PreparedCut cut, LogMeta meta, Map<String, byte[]> notes,
                          List<TreeNode> nodes, CompactRange treeBase, CursorChanges cursors) {
    public CommitBatch {
        entries = List.copyOf(entries);
        notes = Map.copyOf(notes);
        nodes = List.copyOf(nodes);
        cursors = cursors == null ? CursorChanges.NONE : cursors;
        if (cut != null && treeBase != cut.prunedTree()) {
            throw new IllegalArgumentException("a batch with a cut stores the cut's pruned tree as its tree base");
        }
    }

    /** Without cursor changes. */
    public CommitBatch(List<NewEntry> entries, PreparedCut cut, LogMeta meta, Map<String, byte[]> notes,
                       List<TreeNode> nodes, CompactRange treeBase) {
        this(entries, cut, meta, notes, nodes, treeBase, CursorChanges.NONE);
    }

    /** Without tree nodes: the cut's pruned tree (if any) is the batch's tree base. */
    public CommitBatch(List<NewEntry> entries, PreparedCut cut, LogMeta meta, Map<String, byte[]> notes) {
        this(entries, cut, meta, notes, List.of(), cut == null ? null : cut.prunedTree());
    }

    /** Entries (or none) and the meta, without a cut, notes or tree nodes. */
    public CommitBatch(List<NewEntry> entries, LogMeta meta) {
        this(entries, null, meta, Map.of(), List.of(), null);
    }
}
