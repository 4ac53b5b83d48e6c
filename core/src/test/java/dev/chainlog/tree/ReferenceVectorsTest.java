package dev.chainlog.tree;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RFC 6962 reference tree of eight leaves (the certificate-transparency and transparency-dev/merkle test tree,
 * retyped; its proofs regenerated with Go's golang.org/x/mod/sumdb/tlog): roots of every size, the inclusion proof
 * of leaf 5 in the tree of 8, and the consistency proof from 6 to 8, built and checked by {@link Proofs}.
 */
class ReferenceVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> LEAVES = List.of("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f");
    private static final List<String> ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    private static final List<String> INCLUSION_5_IN_8 = List.of(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    private static final List<String> CONSISTENCY_6_TO_8 = List.of(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");

    private static DenseTree tree() {
        DenseTree t = new DenseTree();
        LEAVES.forEach(l -> t.append(TreeHashes.leafHash(HEX.parseHex(l))));
        return t;
    }

    private static List<byte[]> hashes(List<String> hex) {
        return hex.stream().map(HEX::parseHex).toList();
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    @Test
    void theEmptyRootIsTheHashOfNothing() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", HEX.formatHex(
                Proofs.root(new DenseTree(), 0)));
    }

    @Test
    void everyRootOfTheReferenceTree() {
        DenseTree t = new DenseTree();
        for (int size = 1; size <= 8; size++) {
            t.append(TreeHashes.leafHash(HEX.parseHex(LEAVES.get(size - 1))));
            assertEquals(ROOTS.get(size - 1), HEX.formatHex(t.root()), "the compact range's root at " + size);
            assertEquals(ROOTS.get(size - 1), HEX.formatHex(Proofs.root(t, size)), "the root from the nodes");
        }
    }

    @Test
    void theInclusionOfLeafFiveInTheTreeOfEight() {
        DenseTree t = tree();
        assertEquals(INCLUSION_5_IN_8, hex(Proofs.inclusion(t, 5, 8)));
        byte[] leaf = TreeHashes.leafHash(HEX.parseHex(LEAVES.get(5)));
        assertTrue(Proofs.verifyInclusion(5, 8, leaf, hashes(INCLUSION_5_IN_8), HEX.parseHex(ROOTS.get(7))));
    }

    @Test
    void theConsistencyFromSixToEight() {
        DenseTree t = tree();
        assertEquals(CONSISTENCY_6_TO_8, hex(Proofs.consistency(t, 6, 8)));
        assertTrue(Proofs.verifyConsistency(6, 8, HEX.parseHex(ROOTS.get(5)), HEX.parseHex(ROOTS.get(7)),
                hashes(CONSISTENCY_6_TO_8)));
    }

    @Test
    void aRangeReadBackFromTheNodesIsTheRangeTheAppendsBuilt() {
        DenseTree t = tree();
        for (int size = 0; size <= 8; size++) {
            CompactRange read = CompactRange.read(t, size);
            assertEquals(size, read.size());
            assertArrayEquals(size == 0 ? TreeHashes.emptyRoot() : HEX.parseHex(ROOTS.get(size - 1)), read.root());
        }
        assertEquals(t.range(), CompactRange.read(t, 8));
        assertTrue(Arrays.equals(t.root(), CompactRange.of(8, t.range().hashes()).root()));
    }
}
