package dev.chainlog.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The auditor's workflow from the README: keygen, checkpoint, export, verify-export, and what a failure looks like. */
class AuditorWorkflowIT {
    @TempDir
    Path tmp;

    private String log() {
        return tmp.resolve("log").toString();
    }

    private void append(int from, int to) {
        StringBuilder lines = new StringBuilder();
        for (int i = from; i <= to; i++) {
            lines.append("{\"kind\":\"payment\",\"payload\":{\"amount\":").append(i).append("}}\n");
        }
        Cli.Result r = Cli.runWithInput(lines.toString(), "append", "--log", log());
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void keygenCheckpointExportVerifyExport() throws Exception {
        String key = tmp.resolve("auditor").toString();
        assertEquals(0, Cli.run("keygen", "--out", key).exit());
        assertEquals(2, Cli.run("keygen", "--out", key).exit(), "never overwrites a key");
        append(1, 20);
        unprotectedKeyIsRefused(Path.of(key + ".key"));
        Path cp = tmp.resolve("cp-20.note");
        Cli.Result signed = Cli.run("checkpoint", "--key", key + ".key", "--out", cp.toString(), "--log", log());
        assertEquals(0, signed.exit(), signed.err());
        String note = Files.readString(cp);
        assertTrue(note.contains("\n20\n") && note.contains("\u2014 chainlog/"), note);
        append(21, 30);

        Path export = tmp.resolve("export.jsonl");
        assertEquals(0, Cli.run("export", "--out", export.toString(), "--log", log()).exit());
        Cli.Result ok = Cli.run("verify-export", export.toString(), "--checkpoint", cp.toString(), "--pubkey", key + ".pub");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertEquals(0, Cli.run("verify", "--checkpoint", cp.toString(), "--pubkey", key + ".pub", "--log", log()).exit());

        // Someone rewrites entry 7 and recomputes every later hash: the export's own chain verifies...
        Path forged = tmp.resolve("forged.jsonl");
        Files.writeString(forged, rechain(Files.readString(export).replace("\"amount\":7}", "\"amount\":700}")));
        Cli.Result chainOnly = Cli.run("verify-export", forged.toString());
        assertEquals(0, chainOnly.exit(), chainOnly.out());
        // ...the checkpoint does not.
        Cli.Result caught = Cli.run("verify-export", forged.toString(), "--checkpoint", cp.toString(), "--pubkey", key + ".pub");
        assertEquals(1, caught.exit());
        assertTrue(caught.out().contains("CONTENT_MISMATCH") && caught.out().contains("seq 20"), caught.out());

        Path truncated = tmp.resolve("truncated.jsonl");
        Files.writeString(truncated, String.join("\n", Files.readAllLines(export).subList(0, 15)) + "\n");
        Cli.Result cut = Cli.run("verify-export", truncated.toString(), "--checkpoint", cp.toString(), "--pubkey", key + ".pub");
        assertEquals(1, cut.exit());
        assertTrue(cut.out().contains("TRUNCATED"), cut.out());

        String other = tmp.resolve("other").toString();
        Cli.run("keygen", "--out", other);
        Cli.Result untrusted = Cli.run("verify-export", export.toString(), "--checkpoint", cp.toString(), "--pubkey", other + ".pub");
        assertEquals(1, untrusted.exit());
        assertTrue(untrusted.out().contains("UNTRUSTED"), untrusted.out());

        pythonChecker(export, cp, Path.of(key + ".pub"), forged);
    }

    /** A private key readable by others is refused (exit 2, the fix named), and no output ever shows its bytes. */
    private void unprotectedKeyIsRefused(Path key) throws Exception {
        String pem = Files.readString(key);
        String material = pem.substring(pem.indexOf('\n') + 1, pem.indexOf('\n') + 40);
        java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(key,
                java.nio.file.attribute.PosixFileAttributeView.class);
        Assumptions.assumeTrue(view != null, "not a POSIX file system");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try {
            for (List<String> flags : List.of(List.<String>of(), List.of("--json", "--verbose"))) {
                List<String> args = new java.util.ArrayList<>(List.of("checkpoint", "--key", key.toString(), "--log", log()));
                args.addAll(flags);
                Cli.Result r = Cli.run(args.toArray(String[]::new));
                assertEquals(2, r.exit(), r.out() + r.err());
                assertTrue(r.err().contains("must be readable by its owner only") && r.err().contains("chmod 600"), r.err());
                assertTrue(!r.out().contains(material) && !r.err().contains(material), "key material in the output");
            }
        } finally {
            Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** The checkpoint checker that ships in tools/ (Python + openssl) agrees. */
    private void pythonChecker(Path export, Path cp, Path pub, Path forged) throws Exception {
        Assumptions.assumeTrue(Cli.works("python3", "--version") && Cli.works("openssl", "version"), "python3 or openssl missing");
        Path script = Cli.tool("verify_checkpoint.py");
        assertEquals(0, Cli.python(script, export.toString(), cp.toString(), pub.toString()));
        assertNotEquals(0, Cli.python(script, forged.toString(), cp.toString(), pub.toString()));
    }

    /** Recomputes every prev and hash after an edit, as an attacker with write access would. */
    private static String rechain(String export) throws Exception {
        StringBuilder out = new StringBuilder();
        String prev = "0".repeat(64);
        for (String line : export.split("\n")) {
            String fixed = line.replaceFirst("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + prev + "\"");
            out.append(fixed).append('\n');
            prev = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(fixed.getBytes(StandardCharsets.UTF_8)));
        }
        return out.toString();
    }
}
