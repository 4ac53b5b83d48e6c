package dev.chainlog.core;

import dev.chainlog.api.ConsistencyProof;
import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.InclusionProof;
import dev.chainlog.api.StorageException;
import dev.chainlog.store.LogStore;
import dev.chainlog.tree.CompactRange;
import dev.chainlog.tree.MissingNodeException;
import dev.chainlog.tree.Proofs;
import dev.chainlog.tree.TiledTree;

import java.util.List;
import java.util.function.Function;

/**
 * The log's Merkle tree as its store keeps it (docs/FORMAT.md §9b; {@link TiledTree}): roots and proofs
 * for readers, the compact range of a prefix for a retention cut, the frontier for the writer's open.
 *
 * <p>Every call reads the stored tree base (the pruned range) afresh, so it needs no state of its own and a reader
 * never holds a base a cut has replaced; a node a cut removed while a proof was being read shows up as a
 * {@link MissingNodeException}, and the proof is read once more over the new base (which then refuses what it
 * pruned). Sizes are the caller's to bound by the published head: every node of a tree up to the head is stored.
 */
final class LogTree {
    private final LogStore store;
    private final TiledTree.Storage storage;

    LogTree(LogStore store) {
        this.store = store;
        this.storage = new TiledTree.Storage() {
            @Override
            public byte[] storedNode(int level, long index) {
                return store.treeNode(level, index);
            }

            @Override
            public List<byte[]> storedNodes(int level, long from, long to) {
                return store.treeNodes(level, from, to);
            }

            @Override
            public List<byte[]> leafData(long from, long to) {
                return store.checksums(from + 1, to + 1); // leaf index i is seq i + 1
            }
        };
    }

    /** True when the store keeps a tree (false: a log written before chainlog kept one, not yet built). */
    boolean kept() {
        return store.treeBase() != null;
    }

    /** The tree as stored now. */
    TiledTree reader() {
        CompactRange base = store.treeBase();
        if (base == null) {
            throw new StorageException("the log has no Merkle tree yet: it was written by an older chainlog; open it "
                    + "once for writing to build it");
        }
        return new TiledTree(storage, base);
    }

    /** The root of the tree of {@code size} (the published head's or below). */
    byte[] root(long size) {
        return read(t -> {
            requireAboveCut(t, size, "tree size " + size);
            return Proofs.root(t, size);
        });
    }

    /** Frontier of the tree of {@code size}: what the writer continues from. */
    CompactRange range(long size) {
        return read(t -> {
            requireAboveCut(t, size, "tree size " + size);
            return CompactRange.read(t, size);
        });
    }

    /** The compact range of the leaves [0, leaves): the tree base a cut to seq {@code leaves + 1} stores. */
    CompactRange rangeBelow(long leaves) {
        return range(leaves);
    }

    InclusionProof inclusion(long seq, long size) {
        if (seq < 1 || seq > size) {
            throw new IllegalArgumentException("seq " + seq + " is not in the tree of size " + size
                    + " (an inclusion proof needs 1 <= seq <= tree size)");
        }
        return read(t -> {
            if (seq - 1 < t.minimumIndex()) {
                throw new CursorExpiredException(seq - 1, t.minimumIndex() + 1);
            }
            return new InclusionProof(seq, size, t.node(0, seq - 1), Proofs.inclusion(t, seq - 1, size),
                    Proofs.root(t, size));
        });
    }

    ConsistencyProof consistency(long oldSize, long newSize) {
        if (oldSize < 1 || oldSize > newSize) {
            throw new IllegalArgumentException("a consistency proof goes from a tree of size 1 or more to one at "
                    + "least as large, got " + oldSize + " to " + newSize
                    + (oldSize == 0 ? " (every tree is consistent with the empty one)" : ""));
        }
        return read(t -> {
            requireAboveCut(t, oldSize, "the old tree size " + oldSize);
            return new ConsistencyProof(oldSize, newSize, Proofs.root(t, oldSize), Proofs.root(t, newSize),
                    Proofs.consistency(t, oldSize, newSize));
        });
    }

    private static void requireAboveCut(TiledTree t, long size, String what) {
        if (size < t.minimumIndex()) {
            throw new CursorExpiredException(what + " is below the pruned boundary: entries 1.." + t.minimumIndex()
                    + " were removed by retention, so only trees of size " + t.minimumIndex() + " or more can be proved",
                    size, t.minimumIndex() + 1);
        }
    }

    /** Reads over the stored tree, once more over a new base should a cut remove a node meanwhile. */
    private <T> T read(Function<TiledTree, T> what) {
        TiledTree t = reader();
        try {
            return what.apply(t);
        } catch (MissingNodeException first) {
            TiledTree again = reader();
            if (again.minimumIndex() == t.minimumIndex()) {
                throw damaged(first);
            }
            try {
                return what.apply(again);
            } catch (MissingNodeException e) {
                throw damaged(e);
            }
        }
    }

    private static CorruptLogException damaged(MissingNodeException e) {
        return new CorruptLogException("the log's Merkle tree is damaged: " + e.getMessage() + "; run verify");
    }
}
