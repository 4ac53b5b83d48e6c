package dev.chainlog.api;

import dev.chainlog.chain.Hashes;
import dev.chainlog.tree.Proofs;
import dev.chainlog.tree.TreeHashes;

import java.util.Arrays;
import java.util.List;

/**
 * Proof that the entry {@code seq} is in the log's Merkle tree of size {@code treeSize}, whose root is {@code root}
 * (RFC 9162 §2.1.3; docs/FORMAT.md §9d). The leaf is index {@code seq − 1}; its hash is
 * {@code SHA-256(0x00 ‖ SHA-256(storedValue))}. Anyone can check it with {@link #verify()}, or with any RFC 9162
 * verifier, knowing only the root (from a signed checkpoint of that size).
 *
 * @param hashes the audit path, from the leaf upwards (RFC 9162 order)
 */
public record InclusionProof(long seq, long treeSize, byte[] leafHash, List<byte[]> hashes, byte[] root) {
    public InclusionProof {
        hashes = List.copyOf(hashes);
    }

    /** The leaf index of the entry in the tree: {@code seq − 1}. */
    public long leafIndex() {
        return seq - 1;
    }

    /** True when the audit path leads from the leaf hash to the root (RFC 9162 §2.1.3.2). */
    public boolean verify() {
        return Proofs.verifyInclusion(seq - 1, treeSize, leafHash, hashes, root);
    }

    /** True when {@code storedValue} is the entry's stored value and the proof verifies. */
    public boolean verify(byte[] storedValue) {
        return Arrays.equals(TreeHashes.leafHash(Hashes.sha256(storedValue)), leafHash) && verify();
    }
}
