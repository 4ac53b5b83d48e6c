package dev.chainlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's exit codes (0 ok, 1 verification failed, 2 usage or bad input, 3 storage), flags that contradict
 * each other or mean nothing, {@code --json} on every command and for errors, and the help text.
 */
class ExitCodesAndFlagsIT {
    @TempDir
    Path tmp;

    private String seeded(int n) {
        return Cli.seed(tmp.resolve("log"), n).toString();
    }


    private static void usage(String why, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(2, r.exit(), why + ": " + String.join(" ", args) + " -> " + r.out() + r.err());
        assertTrue(r.err().startsWith("chainlog: ") && r.err().strip().lines().count() <= 2,
                why + ": the error on one line (and a hint): " + r.err());
    }

    @Test
    void retentionSaysWhatItRemovedAndPrunedSeqsAreReportedConsistently() {
        String log = seeded(5);
        Cli.Result cut = Cli.run("retention", "--ttl", "1ms", "--log", log);
        assertEquals(0, cut.exit(), cut.err());
        assertTrue(cut.out().contains("removed 5 entries (seqs 1..5); 0 retained"), cut.out());
        JsonNode stats = Cli.json(Cli.run("stats", "--json", "--log", log).out());
        assertEquals(0, stats.get("entries").asLong());
        assertTrue(stats.get("firstSeq").isNull() && stats.get("lastSeq").isNull(), "no entry retained: " + stats);
        assertEquals(5, stats.get("headSeq").asLong());
        assertEquals(6, stats.get("logStartSeq").asLong());

        Cli.Result pruned = Cli.run("get", "3", "--log", log);
        assertEquals(2, pruned.exit());
        assertTrue(pruned.err().contains("entry 3 was removed by retention"), pruned.err());
        Cli.Result ahead = Cli.run("get", "999", "--log", log);
        assertEquals(2, ahead.exit());
        assertTrue(ahead.err().contains("no entry 999 yet (the head is 5)"), ahead.err());
        Cli.Result tail = Cli.run("tail", "--since", "1", "--log", log);
        assertEquals(0, tail.exit(), "like read: a warning, not a failure: " + tail.err());
        assertTrue(tail.err().contains("entries 2..5 were removed by retention"), tail.err());
        Cli.Result read = Cli.run("read", "--since", "1", "--log", log);
        assertEquals(0, read.exit());
        assertTrue(read.err().contains("entries 2..5 were removed by retention"), read.err());
        Cli.Result far = Cli.run("read", "--since", Long.toString(Long.MAX_VALUE), "--log", log);
        assertEquals(0, far.exit());
        assertEquals("", far.err(), "no overflowed range");
        usage("0 would mean unbounded", "retention", "--max-entries", "0", "--log", log);
    }

    @Test
    void contradictoryOrMeaninglessFlagsAreRefused() {
        String log = seeded(3);
        usage("--from after --to", "find", "--from", "2026-11-25T05:00:00Z", "--to", "2026-11-25T04:00:00Z", "--log", log);
        usage("-n with --since", "tail", "-n", "3", "--since", "1", "--log", log);
        usage("--batch 0", "append", "--batch", "0", "--log", log);
        usage("a key twice", "append", "--kind", "k", "--meta", "a=1", "--meta", "a=2", "--log", log);
        usage("an unknown command, even with --help", "frobnicate", "--help");
        usage("a missing --pubkey file", "verify", "--checkpoint", log + "/CURRENT", "--pubkey", tmp.resolve("none.pub").toString(), "--log", log);
        usage("a missing --checkpoint file", "verify", "--checkpoint", tmp.resolve("none.note").toString(), "--pubkey", log + "/CURRENT", "--log", log);
        assertEquals(3, Cli.json(Cli.run("head", "--log", log).out()).get("seq").asLong(), "nothing was appended");

        Cli.Result page = Cli.run("read", "--limit", "2", "--log", log);
        assertEquals(2, page.lines().size());
        assertTrue(page.err().contains("2 entries printed; more follow up to seq 3 (--since 2 reads on)"), page.err());
        assertEquals("", Cli.run("read", "--since", "1", "--limit", "2", "--log", log).err(), "the page reached the head");
    }

    @Test
    void outputIsTheStoredBytesInAnyLocaleAndAFullDiskIsAnError() throws Exception {
        Path dir = tmp.resolve("utf8");
        Cli.Result added = Cli.runWithInput("{\"kind\":\"grüße \uD83D\uDE00\",\"payload\":{\"t\":\"日本\"}}\n",
                "append", "--log", dir.toString());
        assertEquals(0, added.exit(), added.err());
        Path export = tmp.resolve("export.jsonl");
        Cli.run("export", "--out", export.toString(), "--log", dir.toString());
        ProcessBuilder c = new ProcessBuilder(Cli.command("read", "--log", dir.toString()));
        c.environment().put("LANG", "C");
        c.environment().put("LC_ALL", "C");
        Process read = c.start();
        Cli.drain(read.getErrorStream());
        byte[] out = read.getInputStream().readAllBytes();
        assertTrue(read.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, read.exitValue());
        assertArrayEquals(java.nio.file.Files.readAllBytes(export), out, "read prints the stored bytes, not the locale's '?'");

        ProcessBuilder full = new ProcessBuilder(Cli.command("read", "--log", dir.toString()))
                .redirectOutput(new java.io.File("/dev/full"));
        Process toFull = full.start();
        String err = Cli.drain(toFull.getErrorStream()).join();
        assertTrue(toFull.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(3, toFull.exitValue(), "a full disk is a storage error, not a reader that left: " + err);
        assertTrue(err.contains("No space left"), err);
    }

    @Test
    void jsonForEveryCommandAndForErrors() {
        String log = seeded(3);
        Cli.Result keygen = Cli.run("keygen", "--json", "--out", tmp.resolve("k").toString());
        assertTrue(Cli.json(keygen.out()).get("privateKey").asText().endsWith("k.key"), keygen.out());
        Cli.Result cp = Cli.run("checkpoint", "--json", "--key", tmp.resolve("k.key").toString(), "--log", log);
        JsonNode note = Cli.json(cp.out());
        assertEquals(3, note.get("seq").asLong());
        assertTrue(note.get("note").asText().startsWith("chainlog/"), cp.out());
        Cli.Result error = Cli.run("get", "7", "--json", "--log", log);
        assertEquals(2, error.exit());
        JsonNode e = Cli.json(error.err()).get("error");
        assertEquals(2, e.get("exit").asInt());
        assertEquals("usage", e.get("kind").asText());
        assertTrue(e.get("message").asText().contains("no entry 7"), error.err());
        JsonNode parse = Cli.json(Cli.run("read", "--limit", "many", "--json", "--log", log).err()).get("error");
        assertEquals("usage", parse.get("kind").asText());
        JsonNode missing = Cli.json(Cli.run("read", "--json", "--log", tmp.resolve("nothing").toString()).err()).get("error");
        assertEquals(3, missing.get("exit").asInt());
    }

    @Test
    void theHelpNamesOnlyWhatEachCommandTakesInWholeSentences() {
        Cli.Result help = Cli.run("--help");
        assertEquals(0, help.exit());
        List<String> commands = new ArrayList<>();
        StringBuilder current = null;
        boolean inCommands = false;
        for (String line : help.out().split("\n")) {
            if (line.equals("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.matches("  \\S.*")) {
                if (current != null) {
                    commands.add(current.toString());
                }
                current = new StringBuilder(line.trim());
            } else if (inCommands && current != null) {
                current.append(' ').append(line.trim());
            }
        }
        commands.add(current.toString());
        assertTrue(commands.size() >= 18, commands.toString());
        for (String c : commands) {
            assertTrue(c.endsWith("."), "a whole sentence, not cut off: " + c);
        }
        for (String cmd : List.of("keygen", "verify-export")) {
            assertFalse(Cli.run(cmd, "--help").out().contains("--log"), cmd + " takes no log");
        }
        assertTrue(Cli.run("demo", "--help").out().contains("the demo's log folder"));
    }
}
