package dev.chainlog.tree;

/**
 * A complete node of the tree, as a store keeps it: the node at {@code level} L and {@code index} i covers the leaves
 * [i·2^L, (i+1)·2^L). Stores keep only the nodes of {@link TiledTree#isStored stored levels}.
 *
 * @param hash 32 bytes, handed over, not copied
 */
public record TreeNode(int level, long index, byte[] hash) {
}
