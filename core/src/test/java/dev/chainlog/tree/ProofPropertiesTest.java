package dev.chainlog.tree;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For random sizes, leaves and old sizes: every inclusion and consistency proof built verifies, and any flipped bit
 * in a proof hash, a root or the leaf, another index, a hash left out or one added, is rejected — and another size
 * too, unless the verification walks the proof the same way under it (sizes are bound to roots by the signed
 * checkpoint, not by the proof: RFC 9162 §2.1.3.2).
 */
class ProofPropertiesTest {
    private static final long SEED = 20261202L;

    private static DenseTree tree(int size) {
        DenseTree t = new DenseTree();
        for (int i = 0; i < size; i++) {
            t.appendLeafData(TreeInteropTest.leafData(i));
        }
        return t;
    }

    private static byte[] flip(byte[] h, Random rnd) {
        byte[] c = h.clone();
        c[rnd.nextInt(c.length)] ^= (byte) (1 << rnd.nextInt(8));
        return c;
    }

    private static List<byte[]> flipOne(List<byte[]> proof, Random rnd) {
        List<byte[]> c = new ArrayList<>(proof);
        int i = rnd.nextInt(c.size());
        c.set(i, flip(c.get(i), rnd));
        return c;
    }

    @Test
    void everyInclusionProofVerifiesAndNoAlteredOneDoes() {
        Random rnd = new Random(SEED);
        DenseTree t = tree(5_000);
        for (int round = 0; round < 2_000; round++) {
            long size = 1 + rnd.nextInt(5_000);
            long index = rnd.nextLong(size);
            byte[] root = Proofs.root(t, size);
            byte[] leaf = TreeHashes.leafHash(TreeInteropTest.leafData(index));
            List<byte[]> proof = Proofs.inclusion(t, index, size);
            String at = "leaf " + index + " of " + size;
            assertTrue(Proofs.verifyInclusion(index, size, leaf, proof, root), at);

            assertFalse(Proofs.verifyInclusion(index, size, flip(leaf, rnd), proof, root), at + ": leaf");
            assertFalse(Proofs.verifyInclusion(index, size, leaf, proof, flip(root, rnd)), at + ": root");
            if (!proof.isEmpty()) {
                assertFalse(Proofs.verifyInclusion(index, size, leaf, flipOne(proof, rnd), root), at + ": a proof hash");
                assertFalse(Proofs.verifyInclusion(index, size, leaf, proof.subList(1, proof.size()), root), at + ": short");
            }
            List<byte[]> longer = new ArrayList<>(proof);
            longer.add(root);
            assertFalse(Proofs.verifyInclusion(index, size, leaf, longer, root), at + ": a hash added");
            long otherIndex = index ^ (1L << rnd.nextInt(13));
            if (otherIndex != index) {
                assertFalse(Proofs.verifyInclusion(otherIndex, size, leaf, proof, root), at + ": index " + otherIndex);
            }
            long otherSize = size ^ (1L << rnd.nextInt(13));
            if (otherSize != size && otherSize > 0 && !sameShape(index, size, otherSize)) {
                assertFalse(Proofs.verifyInclusion(index, otherSize, leaf, proof, root), at + ": size " + otherSize);
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndNoAlteredOneDoes() {
        Random rnd = new Random(SEED + 1);
        DenseTree t = tree(5_000);
        for (int round = 0; round < 2_000; round++) {
            long newSize = 1 + rnd.nextInt(5_000);
            long oldSize = 1 + rnd.nextLong(newSize);
            byte[] oldRoot = Proofs.root(t, oldSize);
            byte[] newRoot = Proofs.root(t, newSize);
            List<byte[]> proof = Proofs.consistency(t, oldSize, newSize);
            String at = oldSize + " to " + newSize;
            assertTrue(Proofs.verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof), at);

            assertFalse(Proofs.verifyConsistency(oldSize, newSize, flip(oldRoot, rnd), newRoot, proof), at + ": old root");
            assertFalse(Proofs.verifyConsistency(oldSize, newSize, oldRoot, flip(newRoot, rnd), proof), at + ": new root");
            if (!proof.isEmpty()) {
                assertFalse(Proofs.verifyConsistency(oldSize, newSize, oldRoot, newRoot, flipOne(proof, rnd)), at + ": hash");
                assertFalse(Proofs.verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof.subList(0, proof.size() - 1)),
                        at + ": short");
            }
            List<byte[]> longer = new ArrayList<>(proof);
            longer.add(newRoot);
            assertFalse(Proofs.verifyConsistency(oldSize, newSize, oldRoot, newRoot, longer), at + ": a hash added");
            if (oldSize > 1 && !consistencyWalk(oldSize, newSize).equals(consistencyWalk(oldSize - 1, newSize))) {
                assertFalse(Proofs.verifyConsistency(oldSize - 1, newSize, oldRoot, newRoot, proof), at + ": old size");
            }
            if (!consistencyWalk(oldSize, newSize).equals(consistencyWalk(oldSize, newSize + 1))) {
                assertFalse(Proofs.verifyConsistency(oldSize, newSize + 1, oldRoot, newRoot, proof), at + ": new size");
            }
        }
    }

    @Test
    void aProofOutsideTheTreeIsRefusedWithTheReason() {
        DenseTree t = tree(10);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Proofs.inclusion(t, 10, 10)).getMessage()
                .contains("leaf index 10 is not in a tree of size 10"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Proofs.consistency(t, 0, 10)).getMessage()
                .contains("every tree is consistent with the empty one"));
        assertThrows(IllegalArgumentException.class, () -> Proofs.consistency(t, 11, 10));
        assertFalse(Proofs.verifyInclusion(-1, 10, new byte[32], List.of(), new byte[32]));
        assertFalse(Proofs.verifyConsistency(0, 10, new byte[32], new byte[32], List.of()));
        assertTrue(Proofs.verifyConsistency(10, 10, Proofs.root(t, 10), Proofs.root(t, 10), List.of()));
        assertFalse(Proofs.verifyConsistency(10, 10, Proofs.root(t, 10), Proofs.root(t, 9), List.of()));
    }

    /**
     * True when the RFC 9162 verification walks a proof of {@code n} hashes for {@code index} the same way in trees
     * of both sizes. The verification binds a size only through the root (which the signed checkpoint binds to its
     * size): with the same walk, a proof for one size also checks against the same root under the other.
     */
    private static boolean sameShape(long index, long size, long otherSize) {
        return index < otherSize && inclusionWalk(index, size).equals(inclusionWalk(index, otherSize));
    }

    private static String inclusionWalk(long index, long size) {
        return walk(new StringBuilder(), index, size - 1);
    }

    private static String consistencyWalk(long oldSize, long newSize) {
        StringBuilder b = new StringBuilder(Long.bitCount(oldSize) == 1 ? "P" : "");
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        return walk(b, fn, sn);
    }

    /** The RFC 9162 verification loop's choices from (fn, sn) on: 'L' where the proof hash goes left, else 'R'. */
    private static String walk(StringBuilder b, long fn, long sn) {
        while (sn > 0) {
            if ((fn & 1) == 1 || fn == sn) {
                b.append('L');
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                b.append('R');
            }
            fn >>= 1;
            sn >>= 1;
        }
        return b.toString();
    }
}
