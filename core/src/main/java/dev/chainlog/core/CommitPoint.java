package dev.chainlog.core;

import dev.chainlog.api.StorageException;
import dev.chainlog.store.CommitBatch;
import dev.chainlog.store.CursorChanges;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.NewEntry;
import dev.chainlog.store.PreparedCut;
import dev.chainlog.tree.CompactRange;
import dev.chainlog.tree.TreeNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The one place the log writes (docs/DESIGN.md: Single writer, Durability by mode, Prefix after crash): every append
 * group, retention cut, checkpoint tick, import batch and the first meta of a new log is committed here, by whoever
 * holds the writer role (or, before the writer starts and after it stopped, the thread opening or closing the log).
 *
 * <p>One commit: the new entries' leaves join the tree's frontier, and the tree nodes of stored levels they complete
 * join the batch (a cut's batch carries the compact range of the leaves it prunes); the checkpointer's notes for the
 * new state, signed over its tree root, join the batch; durability is decided once — synced
 * when the caller asked for it or the log is in {@code SYNC} mode, never upgraded by the store; the store applies
 * the batch atomically; only then is the new head published to readers and the checkpointer told, which queues the
 * commit's note for delivery after the writer role is released.
 *
 * <p>One failure rule: a commit that fails publishes nothing. If the stored meta still reads as the state before the
 * commit, nothing was written and the log goes on (the caller reports the failure). If it cannot be confirmed, the
 * outcome is unknown: the log refuses every later write with the cause ({@link #failure()}) until it is reopened,
 * when recovery reads what the store really holds.
 */
final class CommitPoint {
    private static final Logger LOG = LoggerFactory.getLogger(CommitPoint.class);

    private final LogStore store;
    private final HighWatermark watermark;
    private final Checkpointer checkpointer;
    private final LogTree tree;
    private final TreeFrontier frontier;
    private final boolean syncAlways;
    private volatile StorageException failure;
    /** Told of each committed batch's cursor changes (the writable log's {@link CommittedCursors}), or null. */
    private CommittedCursors cursorsCommitted;

    /** @param tree the stored tree, whose frontier at the published head the commits continue from */
    CommitPoint(LogStore store, HighWatermark watermark, Checkpointer checkpointer, LogTree tree, boolean syncAlways) {
        this.store = store;
        this.watermark = watermark;
        this.checkpointer = checkpointer;
        this.tree = tree;
        this.frontier = new TreeFrontier(frontierOrRefuse(tree, watermark.meta().headSeq()));
        this.syncAlways = syncAlways;
    }

    /**
     * The tree's frontier at the head, read from the store (bounded: a node per level, each folded from at most 128
     * stored ones). A log whose stored tree cannot give it (damage: a leaf or node it needs is gone) stays open for
     * reads and verify, which reports the damage, but refuses every write: appending would extend a tree it cannot
     * compute.
     */
    private CompactRange frontierOrRefuse(LogTree tree, long head) {
        try {
            return tree.range(head);
        } catch (RuntimeException e) {
            refuseFurtherWrites(new StorageException("the log's Merkle tree cannot be continued (" + e.getMessage()
                    + "); the log is open for reading and verify, which reports the damage, and chainlog salvage copies "
                    + "its intact entries into a new log", e));
            LOG.warn("chainlog: refusing writes: the Merkle tree cannot be continued: {}", e.getMessage());
            return CompactRange.empty();
        }
    }

    /**
     * Commits {@code entries} (may be empty) and {@code cut} (or null) on top of {@code base}, the published state,
     * producing {@code next}.
     *
     * @param syncRequested the caller asked for this commit to be on disk before it returns (a SYNC append, an
     *                      import batch, a new log's first meta)
     * @throws StorageException the commit failed and nothing of it is visible (signing its checkpoint failed, or the
     *                          store's write); or the log refused it, an earlier write's outcome being unknown
     * @throws IllegalArgumentException a cut whose pruned tree is not of the leaves it prunes (a bug of the caller)
     */
    void commit(LogMeta base, List<NewEntry> entries, PreparedCut cut, LogMeta next, boolean syncRequested,
                long nowMicros) {
        commit(base, entries, cut, next, syncRequested, nowMicros, CursorChanges.NONE);
    }

    /** As above, also writing or removing durable consumers' cursors in the same batch. */
    void commit(LogMeta base, List<NewEntry> entries, PreparedCut cut, LogMeta next, boolean syncRequested,
                long nowMicros, CursorChanges cursors) {
        try {
            StorageException refused = failure;
            if (refused != null) {
                throw refused;
            }
            if (cut != null && cut.prunedTree().size() != cut.newStart() - 1) {
                throw new IllegalArgumentException("a cut to seq " + cut.newStart() + " carries the tree of "
                        + cut.prunedTree().size() + " pruned leaves, not " + (cut.newStart() - 1));
            }
            try {
                List<TreeNode> nodes = frontier.append(entries);
                Map<String, byte[]> notes = checkpointer.notesFor(next, frontier::root, cut != null, nowMicros);
                store.commit(new CommitBatch(entries, cut, next, notes, nodes, cut == null ? null : cut.prunedTree(),
                        cursors), syncRequested || syncAlways);
            } catch (RuntimeException e) {
                checkpointer.aborted();
                StorageException cause = failed(base, e);
                if (failure == null) {
                    resetFrontier(base);
                }
                throw cause;
            }
        } finally {
            if (cut != null) {
                cut.close();
            }
        }
        watermark.publish(next);
        if (cursorsCommitted != null && !cursors.isEmpty()) {
            cursorsCommitted.committed(cursors);
        }
        checkpointer.committed(); // its note is delivered once the writer role is released (Checkpointer.deliver)
    }

    /**
     * The first commit of a new log: its meta, synced, before the log (and this commit point) exists; nothing is
     * published, nobody reads it yet. A failure refuses the open.
     */
    static void commitFirstMeta(LogStore store, LogMeta initial) {
        store.commit(new CommitBatch(List.of(), null, initial, Map.of(), List.of(), CompactRange.empty()), true);
    }

    /** After a commit that wrote nothing: the frontier goes back to the stored tree of {@code base}. */
    private void resetFrontier(LogMeta base) {
        try {
            frontier.reset(tree.range(base.headSeq()));
        } catch (RuntimeException e) {
            refuseFurtherWrites(new StorageException("a write failed, and the log's Merkle tree could not be read "
                    + "back afterwards; close and reopen the log to recover: " + e.getMessage(), e));
        }
    }

    /** Keeps {@code cursors} in step with every committed batch; set once, before the writer starts. */
    void keepInStep(CommittedCursors cursors) {
        this.cursorsCommitted = cursors;
    }

    /** Why the log refuses writes: an earlier write whose outcome could not be confirmed; null while it writes. */
    StorageException failure() {
        return failure;
    }

    /** Refuses every later write: the writer itself failed (a bug), and what it left behind is unknown. */
    void refuseFurtherWrites(StorageException cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    private StorageException failed(LogMeta base, RuntimeException e) {
        StorageException cause = e instanceof StorageException se ? se : new StorageException("write failed: " + e.getMessage(), e);
        LogMeta stored;
        try {
            stored = store.readMeta();
        } catch (RuntimeException readError) {
            stored = null;
        }
        if (base.equals(stored)) {
            LOG.warn("chainlog write failed; nothing was written: {}", e.toString());
            return cause;
        }
        refuseFurtherWrites(new StorageException("a write failed and the log's state could not be confirmed "
                + "afterwards; close and reopen the log to recover: " + e.getMessage(), e));
        LOG.error("chainlog write failed with an unknown outcome; refusing further writes", e);
        return cause;
    }
}
