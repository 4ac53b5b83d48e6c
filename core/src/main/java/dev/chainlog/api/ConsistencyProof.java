package dev.chainlog.api;

import dev.chainlog.tree.Proofs;

import java.util.List;

/**
 * Proof that the log's Merkle tree of size {@code newSize} extends the one of size {@code oldSize}: every entry of
 * the older tree is in the newer one, unchanged, at the same place (RFC 9162 §2.1.4; docs/FORMAT.md §9d).
 * {@link #verify()} needs nothing but the proof; a verifier holding two signed checkpoints checks their roots.
 *
 * @param hashes the proof, in RFC 9162 order; empty when the sizes are equal
 */
public record ConsistencyProof(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> hashes) {
    public ConsistencyProof {
        hashes = List.copyOf(hashes);
    }

    /** True when the proof shows the tree with {@code newRoot} extends the one with {@code oldRoot} (§2.1.4.2). */
    public boolean verify() {
        return Proofs.verifyConsistency(oldSize, newSize, oldRoot, newRoot, hashes);
    }
}
