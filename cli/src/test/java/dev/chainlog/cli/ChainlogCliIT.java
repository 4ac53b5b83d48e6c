package dev.chainlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged CLI, run as a separate process against temp folders. */
class ChainlogCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private String log() {
        return tmp.resolve("log").toString();
    }

    private static JsonNode json(String line) throws IOException {
        return JSON.readTree(line);
    }

    private void seed(int n) {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            lines.append("{\"kind\":\"k").append(i % 2).append("\",\"source\":\"s").append(i % 3)
                    .append("\",\"payload\":{\"i\":").append(i).append("}}\n");
        }
        Cli.Result r = Cli.runWithInput(lines.toString(), "append", "--log", log());
        assertEquals(0, r.exit(), r.err());
        assertEquals(n, r.lines().size());
    }

    @Test
    void appendFromFlagsPrintsSeqAndHashAndARetryReturnsTheSameEntry() throws IOException {
        Cli.Result a = Cli.run("append", "--log", log(), "--kind", "user.login", "--source", "auth", "--uuid", "u-1",
                "--meta", "world_id=w1", "--payload", "{\"user\":\"ada\"}", "--request-id", "r-1", "--durability", "sync");
        assertEquals(0, a.exit(), a.err());
        assertEquals("", a.err());
        JsonNode ack = json(a.out().trim());
        assertEquals(1, ack.get("seq").asLong());
        assertEquals(64, ack.get("hash").asText().length());
        Cli.Result retry = Cli.run("append", "--log", log(), "--kind", "user.login", "--source", "auth", "--uuid", "u-1",
                "--meta", "world_id=w1", "--payload", "{\"user\":\"ada\"}", "--request-id", "r-1");
        assertEquals(a.out(), retry.out());
        Cli.Result get = Cli.run("get", "1", "--log", log());
        assertEquals(0, get.exit(), get.err());
        JsonNode entry = json(get.out().trim());
        assertEquals("user.login", entry.get("kind").asText());
        assertEquals("w1", entry.get("meta").get("world_id").asText());
        Cli.Result notThere = Cli.run("get", "2", "--log", log());
        assertEquals(2, notThere.exit(), "a seq that is not there is bad input");
        assertTrue(notThere.err().contains("no entry 2 yet (the head is 1)"), notThere.err());
        Cli.Result negative = Cli.run("get", "-1", "--log", log());
        assertEquals(2, negative.exit(), "a seq that cannot exist is bad input");
        assertTrue(negative.err().contains("SEQ must be 1 or more"), negative.err());
    }

    @Test
    void stdinLinesAreAppendedInOrderAndABadLineIsReportedWithItsNumber() {
        Cli.Result r = Cli.runWithInput("{\"kind\":\"a\"}\n{\"kind\":\"b\",\"payload\":{\"x\":1}}\n{\"kind\":\"c\",\"payload\":[1]}\n{\"kind\":\"d\"}\n",
                "append", "--log", log());
        assertEquals(2, r.exit());
        assertEquals(2, r.lines().size(), "the two good lines before the bad one were appended and acknowledged");
        assertTrue(r.err().contains("line 3"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line on stderr, no stack trace: " + r.err());
        assertEquals(2, Cli.run("read", "--log", log()).lines().size());
    }

    @Test
    void aBatchWithABadLineIsRejectedWhole() {
        Cli.Result r = Cli.runWithInput("{\"kind\":\"a\"}\n{\"kind\":\"b\"}\n{\"kind\":\"c\"}\n{\"kind\":\"d\"}\n{\"kind\":\" \"}\n{\"kind\":\"f\"}\n",
                "append", "--batch", "3", "--log", log());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("line 5") && r.err().contains("batch was not stored"), r.err());
        assertEquals(3, r.lines().size(), "only the first, complete batch is stored");
        assertEquals(3, Cli.run("read", "--log", log()).lines().size());
        Cli.Result ok = Cli.runWithInput("{\"kind\":\"a\",\"reqId\":\"b1\"}\n{\"kind\":\"b\",\"reqId\":\"b1\"}\n", "append", "--batch", "2", "--log", log());
        assertEquals(0, ok.exit(), ok.err());
        assertEquals(2, Cli.run("find", "--request-id", "b1", "--log", log()).lines().size());
    }

    @Test
    void readFindTailHeadStatsAndVerify() throws IOException {
        seed(30);
        assertEquals(List.of(11L, 12L, 13L), Cli.run("read", "--since", "10", "--limit", "3", "--log", log()).lines().stream()
                .map(l -> parse(l).get("seq").asLong()).toList());
        assertEquals(10, Cli.run("find", "--source", "s1", "--log", log()).lines().size());
        assertEquals(10, Cli.run("tail", "--log", log()).lines().size());
        assertEquals(List.of(29L, 30L), Cli.run("tail", "--since", "28", "--log", log()).lines().stream()
                .map(l -> parse(l).get("seq").asLong()).toList());
        JsonNode head = json(Cli.run("head", "--log", log()).out());
        assertEquals(30, head.get("seq").asLong());
        assertEquals(1, head.get("logStartSeq").asLong());
        JsonNode stats = json(Cli.run("stats", "--json", "--log", log()).out());
        assertEquals(30, stats.get("entries").asLong());
        String when = parse(Cli.run("get", "5", "--log", log()).out()).get("ts").asText();
        long micros = Long.parseLong(when);
        String iso = java.time.Instant.EPOCH.plusNanos(micros * 1000).toString();
        List<String> sameInstant = Cli.run("find", "--from", iso, "--to", iso, "--log", log()).lines();
        assertTrue(sameInstant.stream().anyMatch(l -> parse(l).get("seq").asLong() == 5), "inclusive bounds find seq 5");
        assertTrue(sameInstant.stream().allMatch(l -> parse(l).get("ts").asText().equals(when)), "and only entries of that instant");

        Cli.Result v = Cli.run("verify", "--deep", "--expect-head", head.get("seq").asText() + ":" + head.get("hash").asText(),
                "--log", log());
        assertEquals(0, v.exit(), v.out() + v.err());
        assertTrue(v.out().startsWith("OK: 30 entries checked"), v.out());
        Cli.Result wrong = Cli.run("verify", "--expect-head", "31:" + "0".repeat(64), "--json", "--log", log());
        assertEquals(1, wrong.exit());
        assertEquals("TRUNCATED", json(wrong.out()).get("problems").get(0).get("kind").asText());
    }

    @Test
    void exportImportRoundTripAndATamperedExportIsRefused() throws IOException {
        seed(50);
        Path export = tmp.resolve("export.jsonl");
        assertEquals(0, Cli.run("export", "--out", export.toString(), "--log", log()).exit());
        assertEquals(50, Files.readAllLines(export).size());
        assertEquals(Cli.run("read", "--limit", "1000", "--log", log()).out(), Files.readString(export),
                "an export is the stored values verbatim");

        String copy = tmp.resolve("copy").toString();
        JsonNode h = json(Cli.run("head", "--log", log()).out());
        Cli.Result imported = Cli.run("import", export.toString(), "--log-id", h.get("logId").asText(), "--log", copy);
        assertEquals(0, imported.exit(), imported.err());
        assertEquals(h, json(Cli.run("head", "--log", copy).out()), "the same head, and with --log-id the same log id");
        assertEquals(0, Cli.run("verify", "--expect-head", h.get("seq").asText() + ":" + h.get("hash").asText(), "--log", copy).exit());

        Path tampered = tmp.resolve("tampered.jsonl");
        Files.writeString(tampered, Files.readString(export).replace("\"i\":17}", "\"i\":71}"));
        String other = tmp.resolve("other").toString();
        Cli.Result refused = Cli.run("import", tampered.toString(), "--log", other);
        assertEquals(1, refused.exit(), refused.err());
        assertTrue(refused.err().contains("CHAIN_BREAK at seq 18"), refused.err());
        assertFalse(Files.exists(Path.of(other)), "nothing stored, not even an empty log folder");
    }

    @Test
    void theExportVerifiesWithThePythonVerifierThatShips() throws Exception {
        Assumptions.assumeTrue(hasPython(), "python3 is not installed");
        seed(20);
        Path export = tmp.resolve("export.jsonl");
        Cli.run("export", "--out", export.toString(), "--log", log());
        Path script = Path.of(System.getProperty("user.dir")).resolveSibling("tools").resolve("verify_export.py");
        JsonNode head = json(Cli.run("head", "--log", log()).out());
        String pinned = head.get("seq").asText() + ":" + head.get("hash").asText();
        assertEquals(0, python(script, export.toString(), pinned));
        assertEquals(0, python(script, export.toString(), "0:" + "0".repeat(64)), "the empty log's head is in every export");
        assertEquals(1, python(script, export.toString(), "0:" + head.get("hash").asText()), "seq 0 with a real hash matches nothing");
        assertEquals(1, python(script, export.toString(), "21:" + head.get("hash").asText()), "a pinned head past the end");
        Files.writeString(export, Files.readString(export).replace("\"i\":3}", "\"i\":4}"));
        assertEquals(1, python(script, export.toString(), pinned), "the python verifier must catch the edit");
    }

    private static int python(Path script, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        return p.exitValue();
    }

    @Test
    void readCommandsWorkWhileAnotherProcessHoldsTheLogAndWritesFail() throws Exception {
        seed(5);
        Process writer = Cli.start("append", "--log", log());
        try (OutputStream stdin = writer.getOutputStream();
             BufferedReader acks = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            stdin.write("{\"kind\":\"live\",\"payload\":{\"n\":6}}\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            assertEquals(6, json(acks.readLine()).get("seq").asLong(), "the writer acknowledged while holding the log");

            Cli.Result locked = Cli.run("append", "--kind", "x", "--log", log());
            assertEquals(3, locked.exit(), locked.err());
            assertTrue(locked.err().contains("locked by another process"), locked.err());

            Process follower = Cli.start("tail", "--follow", "--since", "0", "--log", log());
            BufferedReader followed = new BufferedReader(new InputStreamReader(follower.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 1; i <= 6; i++) {
                assertEquals(i, json(followed.readLine()).get("seq").asLong());
            }

            assertEquals(6, Cli.run("read", "--log", log()).lines().size());
            assertEquals(0, Cli.run("verify", "--log", log()).exit());
            assertEquals(6, json(Cli.run("head", "--log", log()).out()).get("seq").asLong());
            assertEquals(1, Cli.run("find", "--source", "s1", "--log", log()).lines().size() >= 1 ? 1 : 0);

            stdin.write("{\"kind\":\"live\",\"payload\":{\"n\":7}}\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            assertEquals(7, json(acks.readLine()).get("seq").asLong());
            assertEquals(7, json(followed.readLine()).get("seq").asLong(), "tail --follow sees the other process's append");
            assertEquals(7, json(Cli.run("head", "--log", log()).out()).get("seq").asLong());
            follower.destroy(); // SIGTERM, like Ctrl-C
            assertTrue(follower.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(writer.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, writer.exitValue());
    }

    @Test
    void exitCodesAndErrorsAreOneLine() throws IOException {
        Cli.Result usage = Cli.run("read", "--limit", "many", "--log", log());
        assertEquals(2, usage.exit());
        Cli.Result unknown = Cli.run("frobnicate");
        assertEquals(2, unknown.exit());
        Cli.Result missing = Cli.run("verify", "--log", tmp.resolve("nothing-here").toString());
        assertEquals(3, missing.exit());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertEquals(3, Cli.run("append", "--kind", "k", "--log", file.toString()).exit());
        Cli.Result verbose = Cli.run("append", "--kind", "k", "--verbose", "--log", file.toString());
        assertTrue(verbose.err().contains("\tat "), "--verbose shows the stack trace");
        assertEquals(0, Cli.run("--help").exit());
        assertEquals(0, Cli.run("append", "--help").exit());
    }

    @Test
    void retentionAndBackup() throws IOException {
        seed(40);
        Cli.Result cut = Cli.run("retention", "--max-entries", "10", "--json", "--log", log());
        assertEquals(0, cut.exit(), cut.err());
        assertEquals(31, json(cut.out()).get("logStartSeq").asLong());
        assertEquals(10, Cli.run("read", "--limit", "100", "--log", log()).lines().size());
        Cli.Result v = Cli.run("verify", "--log", log());
        assertEquals(0, v.exit());
        assertTrue(v.out().contains("1..30 pruned"), v.out());
        Path backup = tmp.resolve("backup");
        assertEquals(0, Cli.run("backup", backup.toString(), "--log", log()).exit());
        assertEquals(0, Cli.run("verify", "--log", backup.toString()).exit());
        assertEquals(Cli.run("head", "--log", log()).out(), Cli.run("head", "--log", backup.toString()).out());
        assertEquals(41, json(Cli.run("append", "--kind", "after", "--log", log()).out()).get("seq").asLong());
    }

    /**
     * Issue 17: {@code chainlog retention} gives the disk space back before it exits; with {@code --no-reclaim} it
     * says the next writer will, and {@code chainlog compact} does it.
     */
    @Test
    void retentionGivesTheSpaceBackOrLeavesItToTheNextWriter() throws IOException {
        java.util.Random rnd = new java.util.Random(5);
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            byte[] noise = new byte[300];
            rnd.nextBytes(noise); // resists compression, so sizes mean something
            lines.append("{\"kind\":\"bulk\",\"payload\":{\"noise\":\"")
                    .append(java.util.Base64.getEncoder().encodeToString(noise)).append("\"}}\n");
        }
        Cli.Result a = Cli.runWithInput(lines.toString(), "append", "--batch", "1000", "--log", log());
        assertEquals(0, a.exit(), a.err());

        Cli.Result cut = Cli.run("retention", "--max-entries", "15000", "--no-reclaim", "--json", "--log", log());
        assertEquals(0, cut.exit(), cut.err());
        JsonNode lazy = json(cut.out());
        assertEquals(5_001, lazy.get("logStartSeq").asLong());
        assertFalse(lazy.get("spaceReclaimed").asBoolean());
        assertTrue(Cli.run("retention", "--max-entries", "15000", "--no-reclaim", "--log", log()).out()
                .contains("nothing to remove"));

        Cli.Result compact = Cli.run("compact", "--json", "--log", log());
        assertEquals(0, compact.exit(), compact.err());
        JsonNode c = json(compact.out());
        assertTrue(c.get("folderBytesAfter").asLong() < c.get("folderBytesBefore").asLong() * 0.9,
                "compact gave the quarter back: " + compact.out());

        Cli.Result now = Cli.run("retention", "--max-entries", "2000", "--log", log());
        assertEquals(0, now.exit(), now.err());
        assertTrue(now.out().contains("the folder went from"), now.out());
        Cli.Result nowJson = Cli.run("stats", "--json", "--log", log());
        assertEquals(2000, json(nowJson.out()).get("entries").asLong(), nowJson.out());
        long after = FolderSize.of(tmp.resolve("log"));
        assertTrue(after < c.get("folderBytesAfter").asLong() / 3, "retention gave the space back before it exited: "
                + c.get("folderBytesAfter").asLong() + " -> " + after + " bytes");
        assertEquals(0, Cli.run("verify", "--log", log()).exit());
    }

    @Test
    void demoRunsTheMainJob() {
        Cli.Result demo = Cli.run("demo", "--log", tmp.resolve("demo").toString(), "--events", "500");
        assertEquals(0, demo.exit(), demo.out() + demo.err());
        assertTrue(demo.out().contains("verify (deep, against the head pinned before the restart): OK"), demo.out());
        assertTrue(demo.out().contains("chain intact"), demo.out());
        assertTrue(demo.out().contains("Merkle proofs (RFC 9162)") && demo.out().contains("both verify"), demo.out());
        assertTrue(demo.out().contains("killed with SIGKILL (exit 137)") && demo.out().contains("verify OK")
                && demo.out().contains("equals a full replay from seq 1"), demo.out());
    }

    /** RocksDB would write such a log into a sibling folder (docs/STORAGE-ROCKSDB.md §3): refused as bad input. */
    @Test
    void aLogPathRocksDbWouldReadAsAnotherFolderIsBadInput() throws IOException {
        // This JVM hands the argument to the CLI's process in its own file name encoding: it must be able to spell it.
        Assumptions.assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")), "needs a UTF-8 locale");
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Cli.Result r = Cli.runWithInput("{\"kind\":\"a\"}\n", "append", "--log", logs.resolve("log\uD83D\uDE00").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("(U+1F600)") && r.lines().isEmpty(), r.err());
        try (var s = Files.list(logs)) {
            assertEquals(0, s.count(), "no folder created, neither the named one nor a sibling");
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean hasPython() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
