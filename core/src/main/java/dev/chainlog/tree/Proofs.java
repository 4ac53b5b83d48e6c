package dev.chainlog.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Roots, inclusion proofs and consistency proofs of the log's Merkle tree (RFC 9162 §2.1.2–§2.1.4), built from the
 * complete nodes a {@link NodeReader} gives, and their verification, which needs nothing but the proof.
 *
 * <p>Building reads O(log n) nodes: a proof has at most one hash per level, and only the hashes on the tree's right
 * edge (ranges that do not fill a node) are folded from several nodes — at most 64 for the one range that needs it.
 *
 * <p>Proof hashes are ordered as the RFC orders them: from the leaf (or the old tree's edge) upwards.
 */
public final class Proofs {
    private Proofs() {
    }

    /** The root of the tree of the first {@code size} leaves (the empty root for size 0). */
    public static byte[] root(NodeReader nodes, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("a tree size is never negative, got " + size);
        }
        return size == 0 ? TreeHashes.emptyRoot() : rangeHash(nodes, 0, size);
    }

    /**
     * The inclusion proof of the leaf at {@code index} in the tree of size {@code size}: PATH(index, D[size]) of RFC
     * 9162 §2.1.3.1.
     */
    public static List<byte[]> inclusion(NodeReader nodes, long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index " + index + " is not in a tree of size " + size);
        }
        List<byte[]> topDown = new ArrayList<>(64);
        long lo = 0;
        long hi = size;
        while (hi - lo > 1) {
            long k = Subtrees.splitPoint(hi - lo);
            if (index < lo + k) {
                topDown.add(rangeHash(nodes, lo + k, hi));
                hi = lo + k;
            } else {
                topDown.add(rangeHash(nodes, lo, lo + k));
                lo += k;
            }
        }
        Collections.reverse(topDown);
        return topDown;
    }

    /**
     * The consistency proof from the tree of size {@code oldSize} to the one of size {@code newSize}: PROOF(m, D[n])
     * of RFC 9162 §2.1.4.1; empty when the sizes are equal.
     */
    public static List<byte[]> consistency(NodeReader nodes, long oldSize, long newSize) {
        if (oldSize < 1 || oldSize > newSize) {
            throw new IllegalArgumentException("a consistency proof goes from a tree of size 1 or more to one at least "
                    + "as large, got " + oldSize + " to " + newSize
                    + (oldSize == 0 ? " (every tree is consistent with the empty one)" : ""));
        }
        List<byte[]> topDown = new ArrayList<>(64);
        long lo = 0;
        long hi = newSize;
        boolean wholeOldTree = true; // the RFC's b: the subtree in hand is the whole old tree, whose root is known
        while (oldSize != hi) {
            long k = Subtrees.splitPoint(hi - lo);
            if (oldSize <= lo + k) {
                topDown.add(rangeHash(nodes, lo + k, hi));
                hi = lo + k;
            } else {
                topDown.add(rangeHash(nodes, lo, lo + k));
                lo += k;
                wholeOldTree = false;
            }
        }
        if (!wholeOldTree) {
            topDown.add(rangeHash(nodes, lo, hi));
        }
        Collections.reverse(topDown);
        return topDown;
    }

    /**
     * True when {@code proof} shows the leaf {@code leafHash} at {@code index} in the tree of size {@code size}
     * whose root is {@code root} (RFC 9162 §2.1.3.2).
     */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size || !wellFormed(proof) || !isHash(leafHash) || !isHash(root)) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false; // more hashes than the path has levels
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = TreeHashes.nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = TreeHashes.nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /**
     * True when {@code proof} shows that the tree of size {@code newSize} with root {@code newRoot} extends the
     * tree of size {@code oldSize} with root {@code oldRoot} (RFC 9162 §2.1.4.2). Equal sizes need an empty proof
     * and equal roots; a tree of size 0 has no consistency proof (false).
     */
    public static boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot,
                                            List<byte[]> proof) {
        if (oldSize < 1 || oldSize > newSize || !wellFormed(proof) || !isHash(oldRoot) || !isHash(newRoot)) {
            return false;
        }
        if (oldSize == newSize) {
            return proof.isEmpty() && Arrays.equals(oldRoot, newRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = proof;
        if (Long.bitCount(oldSize) == 1) {
            path = new ArrayList<>(proof.size() + 1);
            path.add(oldRoot);
            path.addAll(proof);
        }
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = TreeHashes.nodeHash(c, fr);
                sr = TreeHashes.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = TreeHashes.nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, oldRoot) && Arrays.equals(sr, newRoot);
    }

    /**
     * The hash of the leaves [lo, hi) as the RFC's recursion meets them: the nodes of the range's decomposition,
     * largest first, folded from the right.
     */
    static byte[] rangeHash(NodeReader nodes, long lo, long hi) {
        byte[][] parts = new byte[64][];
        int n = 0;
        for (long at = lo; at < hi; ) {
            int level = Subtrees.largestAt(at, hi);
            parts[n++] = nodes.node(level, at >>> level);
            at += 1L << level;
        }
        byte[] h = parts[--n];
        while (n > 0) {
            h = TreeHashes.nodeHash(parts[--n], h);
        }
        return h;
    }

    private static boolean wellFormed(List<byte[]> proof) {
        if (proof == null || proof.size() > 64) {
            return false;
        }
        for (byte[] h : proof) {
            if (!isHash(h)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHash(byte[] h) {
        return h != null && h.length == 32;
    }
}
