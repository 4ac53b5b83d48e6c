package dev.chainlog.tree;

import dev.chainlog.chain.Hashes;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Roots and proofs against an independent implementation: {@code tree/tlog-vectors.txt}, written by Go's
 * golang.org/x/mod/sumdb/tlog (tools/tree-vectors), for every size to 17 and 41 more up to 150,000 leaves. Each of
 * its roots, inclusion proofs and consistency proofs must be what {@link Proofs} builds, and verify.
 */
class TreeInteropTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Leaf data of leaf index i, as the generator defines it: SHA-256 of the ASCII decimal i. */
    static byte[] leafData(long i) {
        return Hashes.sha256(Long.toString(i).getBytes(StandardCharsets.US_ASCII));
    }

    private static List<byte[]> hashes(String field) {
        return field.equals("-") ? List.of() : Arrays.stream(field.split(",")).map(HEX::parseHex).toList();
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.isEmpty() ? List.of("-") : List.of(String.join(",", hashes.stream().map(HEX::formatHex).toList()));
    }

    @Test
    void everyRootAndProofOfGosTlogIsOurs() throws IOException {
        List<String[]> lines = new ArrayList<>();
        try (InputStream in = TreeInteropTest.class.getResourceAsStream("/tree/tlog-vectors.txt")) {
            assertNotNull(in, "the vectors are on the test class path");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("#")) {
                    lines.add(line.split(" "));
                }
            }
        }
        DenseTree tree = new DenseTree();
        byte[][] roots = new byte[150_001][];
        int roots_ = 0;
        int inclusions = 0;
        int consistencies = 0;
        for (String[] f : lines) {
            switch (f[0]) {
                case "root" -> {
                    long size = Long.parseLong(f[1]);
                    while (tree.size() < size) {
                        tree.appendLeafData(leafData(tree.size()));
                    }
                    assertEquals(f[2], HEX.formatHex(tree.root()), "root of size " + size);
                    assertEquals(f[2], HEX.formatHex(Proofs.root(tree, size)));
                    roots[(int) size] = HEX.parseHex(f[2]);
                    roots_++;
                }
                case "inclusion" -> {
                    long size = Long.parseLong(f[1]);
                    long index = Long.parseLong(f[2]);
                    assertEquals(List.of(f[3]), hex(Proofs.inclusion(tree, index, size)), "inclusion " + index + " in " + size);
                    assertTrue(Proofs.verifyInclusion(index, size, TreeHashes.leafHash(leafData(index)), hashes(f[3]),
                            roots[(int) size]));
                    inclusions++;
                }
                case "consistency" -> {
                    long oldSize = Long.parseLong(f[1]);
                    long newSize = Long.parseLong(f[2]);
                    assertEquals(List.of(f[3]), hex(Proofs.consistency(tree, oldSize, newSize)),
                            "consistency " + oldSize + " to " + newSize);
                    byte[] oldRoot = Proofs.root(tree, oldSize);
                    assertTrue(Proofs.verifyConsistency(oldSize, newSize, oldRoot, roots[(int) newSize], hashes(f[3])));
                    consistencies++;
                }
                default -> throw new AssertionError("unknown vector line " + String.join(" ", f));
            }
        }
        assertEquals(150_000, tree.size());
        assertTrue(roots_ >= 58 && inclusions > 300 && consistencies > 300,
                roots_ + " roots, " + inclusions + " inclusions, " + consistencies + " consistencies");
    }
}
