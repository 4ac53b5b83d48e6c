package dev.chainlog.tree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The right frontier of the tree over the leaves [0, size): the hashes of the complete nodes of its binary
 * decomposition, one per set bit of {@code size}, largest (leftmost) first — at most 64. It is all a writer needs to
 * append leaves and to know the root, and is what the store keeps to rebuild it on open without reading the tree.
 *
 * <p>Invariant: {@code hashes.size() == Long.bitCount(size)}, and {@code hashes.get(i)} is the node at the level of
 * the i-th set bit of {@code size} counted from the top. Single-writer: the writer role appends, nobody else.
 */
public final class CompactRange {
    /** Told of every complete node an append forms: leaves (level 0) and the interior nodes they complete. */
    @FunctionalInterface
    public interface NodeSink {
        void node(int level, long index, byte[] hash);
    }

    private long size;
    private final List<byte[]> hashes;

    private CompactRange(long size, List<byte[]> hashes) {
        this.size = size;
        this.hashes = hashes;
    }

    /** The range of the empty tree. */
    public static CompactRange empty() {
        return new CompactRange(0, new ArrayList<>(64));
    }

    /**
     * The range of a tree of {@code size} leaves from its frontier hashes, largest first (as {@link #hashes()} gives
     * them).
     */
    public static CompactRange of(long size, List<byte[]> frontier) {
        if (size < 0 || frontier.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a tree of size " + size + " has a frontier of " + Long.bitCount(Math.max(size, 0))
                    + " hashes, got " + frontier.size());
        }
        List<byte[]> copy = new ArrayList<>(64);
        for (byte[] h : frontier) {
            if (h == null || h.length != 32) {
                throw new IllegalArgumentException("a frontier hash is 32 bytes");
            }
            copy.add(h.clone());
        }
        return new CompactRange(size, copy);
    }

    /** The range of the first {@code size} leaves of a tree, read from its complete nodes. */
    public static CompactRange read(NodeReader nodes, long size) {
        List<byte[]> frontier = new ArrayList<>(64);
        for (long at = 0; at < size; ) {
            int level = Subtrees.largestAt(at, size);
            frontier.add(nodes.node(level, at >>> level));
            at += 1L << level;
        }
        return new CompactRange(size, frontier);
    }

    public long size() {
        return size;
    }

    /** Appends the leaf with hash {@code leafHash}; {@code sink} hears the leaf and every node it completes. */
    public void append(byte[] leafHash, NodeSink sink) {
        long index = size;
        byte[] h = leafHash;
        int level = 0;
        sink.node(0, index, h);
        while ((index & 1) == 1) {
            h = TreeHashes.nodeHash(hashes.remove(hashes.size() - 1), h);
            index >>= 1;
            level++;
            sink.node(level, index, h);
        }
        hashes.add(h);
        size++;
    }

    /** The root of the tree over [0, size): the frontier folded from the right; the empty root for size 0. */
    public byte[] root() {
        if (hashes.isEmpty()) {
            return TreeHashes.emptyRoot();
        }
        byte[] h = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            h = TreeHashes.nodeHash(hashes.get(i), h);
        }
        return h.clone();
    }

    /** The frontier hashes, largest first (copies). */
    public List<byte[]> hashes() {
        return hashes.stream().map(byte[]::clone).toList();
    }

    /**
     * The range as a store keeps it (docs/FORMAT.md §9b): the size as 8 bytes big-endian, then the
     * frontier hashes, largest first, 32 bytes each.
     */
    public byte[] toBytes() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 32 * hashes.size()).putLong(size);
        hashes.forEach(b::put);
        return b.array();
    }

    /** Decodes {@link #toBytes()}; anything else is refused with an {@link IllegalArgumentException}. */
    public static CompactRange fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < 8 || (bytes.length - 8) % 32 != 0) {
            throw new IllegalArgumentException("a stored compact range is 8 + 32·n bytes, got "
                    + (bytes == null ? "none" : bytes.length));
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        long size = b.getLong();
        List<byte[]> frontier = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] h = new byte[32];
            b.get(h);
            frontier.add(h);
        }
        return of(size, frontier);
    }

    public CompactRange copy() {
        return of(size, hashes);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CompactRange other) || other.size != size) {
            return false;
        }
        for (int i = 0; i < hashes.size(); i++) {
            if (!Arrays.equals(hashes.get(i), other.hashes.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size);
    }
}
