package dev.chainlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chainlog.rocksdb.testing.RawRocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A log changed behind chainlog's back, through the CLI: read-only commands open it and verify reports the damage
 * with its class (exit 1); a writer refuses it and names salvage; salvage copies the intact entries into a new log.
 * Also pinned heads that cannot match.
 */
class DamagedLogIT {
    @TempDir
    Path tmp;

    private Path seeded(String name, int n) {
        return Cli.seed(tmp.resolve(name), n);
    }


    private static JsonNode verify(Path dir, String... more) {
        String[] args = new String[more.length + 4];
        args[0] = "verify";
        args[1] = "--json";
        args[2] = "--log";
        args[3] = dir.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        Cli.Result r = Cli.run(args);
        JsonNode report = Cli.json(r.out());
        assertEquals(report.get("ok").asBoolean() ? 0 : 1, r.exit(), r.out() + r.err());
        return report;
    }

    @Test
    void entriesDeletedFromTheEndAreReportedAndSalvaged() throws Exception {
        Path dir = seeded("log", 10);
        try (RawRocks raw = new RawRocks(dir)) {
            raw.deleteSeq(10);
            raw.deleteSeq(9);
        }
        JsonNode report = verify(dir);
        assertEquals("TRUNCATED", report.get("problems").get(0).get("kind").asText(), report.toString());
        assertEquals(9, report.get("firstBadSeq").asLong());
        assertEquals(10, Cli.json(Cli.run("head", "--log", dir.toString()).out()).get("seq").asLong(),
                "read-only commands open the log and show the recorded head");
        assertEquals(8, Cli.run("read", "--log", dir.toString()).lines().size());

        Cli.Result refused = Cli.run("append", "--kind", "more", "--log", dir.toString());
        assertEquals(3, refused.exit());
        assertTrue(refused.err().contains("entries 9..10 are missing") && refused.err().contains("chainlog salvage"),
                refused.err());
        Cli.Result noCheckpoint = Cli.run("keygen", "--out", tmp.resolve("k").toString());
        assertEquals(0, noCheckpoint.exit());
        Cli.Result unsigned = Cli.run("checkpoint", "--key", tmp.resolve("k.key").toString(), "--log", dir.toString());
        assertEquals(3, unsigned.exit(), "a damaged log is not signed");
        assertTrue(unsigned.err().contains("not signing"), unsigned.err());

        Path saved = tmp.resolve("saved");
        Cli.Result salvage = Cli.run("salvage", "--out", saved.toString(), "--json", "--log", dir.toString());
        assertEquals(0, salvage.exit(), salvage.err());
        JsonNode s = Cli.json(salvage.out());
        assertEquals(8, s.get("kept").asLong());
        assertEquals(9, s.get("firstBadSeq").asLong());
        JsonNode head = Cli.json(Cli.run("head", "--log", saved.toString()).out());
        assertEquals(8, head.get("seq").asLong());
        assertEquals(Cli.json(Cli.run("head", "--log", dir.toString()).out()).get("logId"), head.get("logId"),
                "the salvaged log keeps the id");
        assertTrue(verify(saved).get("ok").asBoolean());
        assertEquals(9, Cli.json(Cli.run("append", "--kind", "after", "--log", saved.toString()).out()).get("seq").asLong());
        assertEquals(2, Cli.run("salvage", "--out", saved.toString(), "--log", dir.toString()).exit(), "not over a log");
        assertEquals(2, Cli.run("salvage", "--out", tmp.resolve("again").toString(), "--log", saved.toString()).exit(),
                "an intact log has nothing to salvage");
    }

    @Test
    void aRewrittenTailAndEntriesPastTheHeadAreHeadMismatches() throws Exception {
        Path dir = seeded("log", 10);
        byte[] forged;
        try (RawRocks raw = new RawRocks(dir)) {
            byte[] ten = raw.db().get(raw.cf("entries"), RawRocks.seq(10));
            forged = new String(ten, StandardCharsets.UTF_8).replace("\"i\":10}", "\"i\":11}").getBytes(StandardCharsets.UTF_8);
            raw.db().put(raw.cf("entries"), RawRocks.seq(10), forged);
            raw.db().put(raw.cf("checksums"), RawRocks.seq(10), MessageDigest.getInstance("SHA-256").digest(forged));
        }
        JsonNode report = verify(dir);
        assertEquals("HEAD_MISMATCH", report.get("problems").get(0).get("kind").asText(), report.toString());
        assertEquals(10, report.get("firstBadSeq").asLong());
        assertEquals(3, Cli.run("append", "--kind", "more", "--log", dir.toString()).exit());

        Path other = seeded("other", 5);
        try (RawRocks raw = new RawRocks(other)) {
            raw.db().put(raw.cf("entries"), RawRocks.seq(6), forged);
            raw.db().put(raw.cf("checksums"), RawRocks.seq(6), MessageDigest.getInstance("SHA-256").digest(forged));
        }
        JsonNode past = verify(other);
        assertEquals("HEAD_MISMATCH", past.get("problems").get(0).get("kind").asText(), past.toString());
        assertTrue(past.get("problems").get(0).get("detail").asText().contains("beyond the recorded head 5"), past.toString());
        Path export = tmp.resolve("other.jsonl");
        assertEquals(0, Cli.run("export", "--out", export.toString(), "--log", other.toString()).exit());
        assertEquals(5, Files.readAllLines(export).size(), "export stops at the recorded head");
    }

    @Test
    void aPinnedHeadThatCannotMatchFailsAndABadOneIsAUsageError() throws IOException {
        Path dir = seeded("log", 3);
        JsonNode head = Cli.json(Cli.run("head", "--log", dir.toString()).out());
        String hash = head.get("hash").asText();
        JsonNode zero = verify(dir, "--expect-head", "0:" + hash);
        assertFalse(zero.get("ok").asBoolean(), "0:<a real hash> matches no log");
        assertEquals("HEAD_MISMATCH", zero.get("problems").get(0).get("kind").asText());
        assertTrue(verify(dir, "--expect-head", "0:" + "0".repeat(64)).get("ok").asBoolean(), "the empty log's head");
        for (String bad : new String[] {"-1:" + hash, "+3:" + hash, "3:" + hash.substring(1), "3:" + "g".repeat(64), "x"}) {
            Cli.Result r = Cli.run("verify", "--expect-head", bad, "--log", dir.toString());
            assertEquals(2, r.exit(), bad + ": " + r.err());
        }
        Path export = tmp.resolve("export.jsonl");
        Cli.run("export", "--out", export.toString(), "--log", dir.toString());
        Cli.Result offline = Cli.run("verify-export", export.toString(), "--expect-head", "0:" + hash);
        assertEquals(1, offline.exit(), offline.out());
        assertTrue(offline.out().contains("HEAD_MISMATCH"), offline.out());
        assertEquals(2, Cli.run("verify-export", export.toString(), "--expect-head", "-1:" + hash).exit());
        assertEquals(0, Cli.run("verify-export", export.toString(), "--expect-head", "3:" + hash).exit());
    }
}
