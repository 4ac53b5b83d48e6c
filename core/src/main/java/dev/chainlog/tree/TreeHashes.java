package dev.chainlog.tree;

import dev.chainlog.chain.Hashes;

import java.security.MessageDigest;

/**
 * The hashes of the log's Merkle tree (RFC 9162 §2.1.1, as RFC 6962 §2.1; docs/FORMAT.md §9a):
 *
 * <pre>
 *   empty root  = SHA-256()                          the tree of size 0
 *   leaf hash   = SHA-256(0x00 ‖ leaf data)          leaf data of seq s (leaf index s−1) = SHA-256(stored value)
 *   node hash   = SHA-256(0x01 ‖ left ‖ right)
 * </pre>
 *
 * The leaf data is the 32-byte value hash the store already keeps in its {@code checksums} column, so a leaf hash
 * needs no read of the value. The one-byte prefixes keep a leaf from ever being taken for a node (second preimages).
 */
public final class TreeHashes {
    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;
    private static final byte[] EMPTY = Hashes.sha256(new byte[0]);
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Hashes::newDigest);

    private TreeHashes() {
    }

    /** The root of the tree of size 0. */
    public static byte[] emptyRoot() {
        return EMPTY.clone();
    }

    /** The hash of the leaf whose data is {@code leafData} (for chainlog: the value hash of an entry). */
    public static byte[] leafHash(byte[] leafData) {
        MessageDigest d = DIGEST.get();
        d.update(LEAF);
        d.update(leafData);
        return d.digest();
    }

    /** The hash of the interior node over {@code left} and {@code right}. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = DIGEST.get();
        d.update(NODE);
        d.update(left);
        d.update(right);
        return d.digest();
    }
}
