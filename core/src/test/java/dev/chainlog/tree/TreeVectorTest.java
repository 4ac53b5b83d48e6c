package dev.chainlog.tree;

import dev.chainlog.chain.Hashes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test vector of docs/FORMAT.md §9f: the tree of the three entries of §4, value by value. */
class TreeVectorTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theThreeEntryTreeOfFormatMd() throws IOException {
        DenseTree t = new DenseTree();
        try (InputStream in = TreeVectorTest.class.getResourceAsStream("/vectors/three-entries.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                t.appendLeafData(Hashes.sha256(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        String leaf1 = "b94c1ef2db52d2217cfff78c54f2cca5722e91f5f34c25ea72dc15e995e22dfd";
        String leaf3 = "e2dfaded427b1cbc9b35dbf74d57718b775d9b225c8bc398d2a975703f1b3665";
        assertEquals(leaf1, HEX.formatHex(t.node(0, 0)));
        assertEquals("b1413f1244ef07ccf7fee8802032f1b76adfc48b685f78a854a03dc19c4a9899", HEX.formatHex(t.node(0, 1)));
        assertEquals(leaf3, HEX.formatHex(t.node(0, 2)));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", HEX.formatHex(Proofs.root(t, 0)));
        assertEquals(leaf1, HEX.formatHex(Proofs.root(t, 1)));
        assertEquals("be2c9f2539baea80800ed282ab072b38e2db512ed7b37c54bca4f748017f9940", HEX.formatHex(Proofs.root(t, 2)));
        String root3 = "71b1b2fcd582424d98b0edab9c9f72e792339c8b2781b440c31c256caf7eaf0a";
        assertEquals(root3, HEX.formatHex(Proofs.root(t, 3)));
        assertEquals("cbGy/NWCQk2YsO2rnJ9y55IznIsngbRAwxwlbK9+rwo=", java.util.Base64.getEncoder().encodeToString(Proofs.root(t, 3)));

        List<byte[]> inclusion = Proofs.inclusion(t, 1, 3);
        assertEquals(List.of(leaf1, leaf3), inclusion.stream().map(HEX::formatHex).toList());
        assertTrue(Proofs.verifyInclusion(1, 3, t.node(0, 1), inclusion, HEX.parseHex(root3)));
        List<byte[]> consistency = Proofs.consistency(t, 2, 3);
        assertEquals(List.of(leaf3), consistency.stream().map(HEX::formatHex).toList());
        assertTrue(Proofs.verifyConsistency(2, 3, Proofs.root(t, 2), HEX.parseHex(root3), consistency));
    }
}
