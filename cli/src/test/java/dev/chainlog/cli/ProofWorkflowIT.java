package dev.chainlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifiable-log workflow through the real command (docs/FORMAT.md §9): a proof of one entry, checked offline by
 * {@code verify-proof} and by the Python checker that ships in tools/; consistency proofs; {@code verify --checkpoint}
 * by consistency; what a tampered proof, an entry that is not the one proved and a pruned entry look like.
 */
class ProofWorkflowIT {
    @TempDir
    Path tmp;

    private String log() {
        return tmp.resolve("log").toString();
    }

    private Path key() {
        return tmp.resolve("k");
    }

    @Test
    void proveVerifyProofConsistencyAndVerifyByCheckpoint() throws Exception {
        assertEquals(0, Cli.run("keygen", "--out", key().toString()).exit());
        Cli.seed(tmp.resolve("log"), 600);
        Path cp = tmp.resolve("cp-600.note");
        assertEquals(0, Cli.run("checkpoint", "--key", key() + ".key", "--out", cp.toString(), "--log", log()).exit());
        Cli.runWithInput("{\"kind\":\"k\",\"payload\":{\"i\":601}}\n".repeat(1), "append", "--log", log());
        Cli.seed(tmp.resolve("log"), 300);

        // prove against the old checkpoint (the tree of size 600), and against one signed now (size 901)
        Path proof = tmp.resolve("p.tlog-proof");
        Cli.Result proved = Cli.run("prove", "257", "--checkpoint", cp.toString(), "--out", proof.toString(), "--log", log());
        assertEquals(0, proved.exit(), proved.err());
        String text = Files.readString(proof);
        assertTrue(text.startsWith("c2sp.org/tlog-proof@v1\nextra ") && text.contains("\nindex 256\n")
                && text.endsWith(Files.readString(cp)), text);
        Cli.Result ok = Cli.run("verify-proof", proof.toString(), "--pubkey", key() + ".pub");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().startsWith("OK: entry seq 257") && ok.out().contains("tree size 600"), ok.out());

        Cli.Result now = Cli.run("--json", "prove", "901", "--key", key() + ".key", "--log", log());
        assertEquals(0, now.exit(), now.err());
        JsonNode j = Cli.json(now.out());
        assertEquals(901, j.get("treeSize").asLong());
        Path proofNow = tmp.resolve("p901.tlog-proof");
        Files.writeString(proofNow, j.get("tlogProof").asText());
        assertEquals(0, Cli.run("verify-proof", proofNow.toString(), "--pubkey", key() + ".pub").exit());

        // the entry given must be the one proved; a changed hash, or an untrusted key, fails with exit 1
        Path entry = tmp.resolve("entry.json");
        Files.writeString(entry, "{\"seq\":257,\"forged\":true}\n");
        Cli.Result other = Cli.run("verify-proof", proof.toString(), "--pubkey", key() + ".pub", "--entry", entry.toString());
        assertEquals(1, other.exit(), other.out());
        List<String> lines = Files.readAllLines(proof);
        String flipped = lines.get(3).charAt(0) == 'A' ? "B" + lines.get(3).substring(1) : "A" + lines.get(3).substring(1);
        Path tampered = tmp.resolve("tampered.tlog-proof");
        Files.writeString(tampered, text.replace(lines.get(3) + "\n", flipped + "\n"));
        Cli.Result bad = Cli.run("verify-proof", tampered.toString(), "--pubkey", key() + ".pub");
        assertEquals(1, bad.exit(), bad.out());
        assertTrue(bad.out().startsWith("FAILED:"), bad.out());
        Files.writeString(tampered, "not a proof\n");
        assertEquals(1, Cli.run("verify-proof", tampered.toString(), "--pubkey", key() + ".pub").exit());
        assertEquals(0, Cli.run("keygen", "--out", tmp.resolve("other").toString()).exit());
        assertEquals(1, Cli.run("verify-proof", proof.toString(), "--pubkey", tmp.resolve("other") + ".pub").exit());

        // consistency between two sizes: the lines name both roots, then the proof
        Cli.Result cons = Cli.run("--json", "consistency", "600", "901", "--log", log());
        assertEquals(0, cons.exit(), cons.err());
        JsonNode c = Cli.json(cons.out());
        assertEquals(600, c.get("oldSize").asLong());
        assertTrue(c.get("proof").size() > 0);
        assertEquals(2, Cli.run("consistency", "0", "901", "--log", log()).exit(), "from the empty tree: usage");
        assertEquals(2, Cli.run("consistency", "600", "902", "--log", log()).exit(), "beyond the head: usage");

        // verify --checkpoint proves the log of today consistent with the old checkpoint
        Cli.Result verified = Cli.run("verify", "--checkpoint", cp.toString(), "--pubkey", key() + ".pub", "--log", log());
        assertEquals(0, verified.exit(), verified.out());
        assertTrue(verified.out().contains("consistent with the signed root"), verified.out());

        // after retention, a pruned entry cannot be proved; a retained one still can, against the old checkpoint
        assertEquals(0, Cli.run("retention", "--max-entries", "500", "--log", log()).exit());
        Cli.Result pruned = Cli.run("prove", "257", "--checkpoint", cp.toString(), "--log", log());
        assertEquals(3, pruned.exit(), pruned.err());
        assertTrue(pruned.err().contains("removed by retention"), pruned.err());
        Path late = tmp.resolve("late.tlog-proof");
        assertEquals(0, Cli.run("prove", "500", "--checkpoint", cp.toString(), "--out", late.toString(), "--log", log()).exit());
        assertEquals(0, Cli.run("verify-proof", late.toString(), "--pubkey", key() + ".pub").exit());

        pythonChecks(proof, tampered, cp); // last: it is skipped where python3 or openssl is missing
    }

    /** tools/verify_proof.py (hashlib; the signature with openssl) agrees. */
    private void pythonChecks(Path proof, Path garbage, Path cp) throws Exception {
        Assumptions.assumeTrue(Cli.works("python3", "--version") && Cli.works("openssl", "version"), "python3 or openssl missing");
        Path script = Cli.tool("verify_proof.py");
        assertEquals(0, Cli.python(script, proof.toString(), key() + ".pub"));
        assertEquals(0, Cli.python(script, proof.toString()));
        assertTrue(Cli.python(script, garbage.toString()) != 0);
    }
}
