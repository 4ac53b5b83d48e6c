package dev.chainlog.tree;

/**
 * The arithmetic of a tree whose leaves are numbered from 0 (RFC 9162 §2.1): a node at {@code level} L and
 * {@code index} i covers the leaves [i·2^L, (i+1)·2^L); a range [lo, hi) that does not fill a node is the nodes of
 * its binary decomposition, largest first, hashed right to left (as the RFC's split at the largest power of two
 * below the size does).
 */
public final class Subtrees {
    private Subtrees() {
    }

    /** The largest power of two strictly below {@code n} ({@code n} ≥ 2). */
    public static long splitPoint(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** The level of the largest node that starts at {@code lo} and ends at or before {@code hi} ({@code lo < hi}). */
    public static int largestAt(long lo, long hi) {
        int bySize = 63 - Long.numberOfLeadingZeros(hi - lo);
        int byAlignment = lo == 0 ? 63 : Long.numberOfTrailingZeros(lo);
        return Math.min(bySize, byAlignment);
    }
}
