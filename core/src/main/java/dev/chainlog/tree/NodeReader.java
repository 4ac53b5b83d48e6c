package dev.chainlog.tree;

/**
 * Reads the hashes of complete nodes of a tree: the node at {@code level} L and {@code index} i covers the leaves
 * [i·2^L, (i+1)·2^L), all of which exist. Level 0 is the leaf hashes. A store answers from what it keeps (docs/FORMAT.md
 * §9b); {@link Proofs} builds roots and proofs from nothing else.
 */
@FunctionalInterface
public interface NodeReader {
    /** The hash of the complete node; the tree must hold every leaf it covers. */
    byte[] node(int level, long index);
}
