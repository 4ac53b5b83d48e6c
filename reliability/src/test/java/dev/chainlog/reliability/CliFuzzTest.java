package dev.chainlog.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;
import dev.chainlog.chain.Json;
import dev.chainlog.cli.ChainlogCli;
import dev.chainlog.contract.TestKit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bad input through the {@code chainlog} command, run in-process ({@code ChainlogCli.run} with {@code System.in}
 * replaced) and, for a few cases, as the packaged jar in a child process:
 * <ul>
 *   <li>{@code append} from stdin: JSON Lines mixing valid events with broken JSON, non-objects, unknown fields,
 *       wrong types, rule-breaking text, hostile payloads, blank lines and invalid UTF-8, with and without
 *       {@code --batch}. Oracle (README): exit 2 naming the first bad line; without --batch every line before it
 *       is stored, with --batch every batch before its batch; nothing else; and stdout acknowledges exactly what
 *       was stored (line, seq and hash).</li>
 *   <li>flags of every command except demo/keygen/tail --follow: random, often invalid values. Exit codes are 0–3,
 *       usage errors are 2, an error is one line on stderr without a stack trace, and nothing but a successful
 *       append changes the log.</li>
 * </ul>
 * Cases: 3% of {@code chainlog.reliability.fuzz} each (CI 120 + 120; long 3,600 + 3,600).
 */
@Tag("reliability")
class CliFuzzTest {
    private static final Pattern ACK = Pattern.compile("\\{\"line\":(\\d+),\"seq\":(\\d+),\"hash\":\"([0-9a-f]{64})\"}");

    @TempDir
    Path tmp;

    private Random rnd;
    private Gen gen;
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    /** Every entry the CLI acknowledged in the main log. */
    private final Map<Long, String> acked = new TreeMap<>();
    private long unique;

    record Run(int code, String out, String err) {
    }

    private Run cli(byte[] stdin, String... args) {
        InputStream saved = System.in;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(stdin == null ? new byte[0] : stdin));
            int code = ChainlogCli.run(args, new PrintWriter(out), new PrintWriter(err));
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    private void count(String s) {
        outcomes.merge(s, 1L, Long::sum);
    }

    // ------------------------------------------------------------------ append from stdin

    @Test
    void appendFromStdin() {
        long seed = Settings.seed("CliFuzzTest.appendFromStdin");
        rnd = new Random(seed);
        gen = new Gen(rnd);
        Path dir = tmp.resolve("log");
        int cases = Math.max(50, (int) (Settings.fuzzCases() * 0.03));
        for (int i = 0; i < cases && failures.size() < 20; i++) {
            stdinCase(i, dir);
        }
        // What the CLI acknowledged is exactly what the log holds.
        try (EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL))) {
            TestKit.assertIntact(log.verify(), "after the stdin cases");
            List<Entry> all = TestKit.all(log);
            assertEquals(acked.size(), all.size(), "entries stored = entries acknowledged");
            for (Entry e : all) {
                assertEquals(acked.get(e.seq()), e.hash(), "seq " + e.seq());
            }
        }
        Figures.add("fuzz.cases: CLI stdin JSON Lines", cases);
        outcomes.forEach((k, v) -> System.out.printf("[fuzz-cli] %-60s %,d%n", k, v));
        assertTrue(failures.isEmpty(), () -> "seed " + seed + ": " + String.join("\n", failures));
    }

    private void stdinCase(int i, Path mainDir) {
        int lines = 1 + rnd.nextInt(12);
        int batch = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(4) : 0;
        int firstBad = -1; // 1-based line number of the first line that must be refused
        boolean invalidUtf8 = false;
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        List<Integer> nonBlank = new ArrayList<>();
        for (int n = 1; n <= lines; n++) {
            int x = rnd.nextInt(100);
            byte[] line;
            boolean bad = false;
            if (x < 8) {
                line = gen.pick("", "   ", "\t").getBytes(StandardCharsets.UTF_8); // skipped, but counted
            } else if (x < 70) {
                line = validLine(batch > 0);
            } else {
                String why;
                int y = rnd.nextInt(12);
                switch (y) {
                    case 0 -> line = "{\"kind\":\"a\"".getBytes(StandardCharsets.UTF_8);
                    case 1 -> line = gen.pick("[]", "\"kind\"", "42", "null", "{\"kind\":\"a\"} {}").getBytes(StandardCharsets.UTF_8);
                    case 2 -> line = "{\"kind\":\"a\",\"colour\":\"red\"}".getBytes(StandardCharsets.UTF_8);
                    case 3 -> line = gen.pick("{\"kind\":1}", "{\"kind\":\"a\",\"meta\":{\"m\":1}}", "{\"kind\":\"a\",\"payload\":[]}",
                            "{\"kind\":\"a\",\"payload\":\"x\"}", "{\"kind\":\"a\",\"meta\":[]}", "{\"kind\":\"a\",\"source\":{}}")
                            .getBytes(StandardCharsets.UTF_8);
                    case 4 -> line = gen.pick("{\"kind\":\"\"}", "{\"kind\":\" \"}", "{}", "{\"kind\":null}",
                            "{\"kind\":\"" + "k".repeat(257) + "\"}", "{\"kind\":\"a\\u0000b\"}", "{\"kind\":\"\\ud800\"}",
                            "{\"kind\":\"a\",\"reqId\":\"\\udc00\"}").getBytes(StandardCharsets.UTF_8);
                    case 5 -> line = ("{\"kind\":\"a\",\"payload\":{\"d\":" + "[".repeat(300) + "]".repeat(300) + "}}")
                            .getBytes(StandardCharsets.UTF_8);
                    case 6 -> line = "{\"kind\":\"a\",\"payload\":{\"x\":1,\"x\":2}}".getBytes(StandardCharsets.UTF_8);
                    case 7 -> line = ("{\"kind\":\"a\",\"payload\":{\"s\":\"" + "p".repeat(1 << 20) + "\"}}").getBytes(StandardCharsets.UTF_8);
                    case 8 -> {
                        line = new byte[] {'{', '"', 'k', 'i', 'n', 'd', '"', ':', '"', 'a', (byte) 0xC3, '"', '}'};
                        invalidUtf8 = true;
                    }
                    case 9 -> line = "{\"kind\":\"a\",\"payload\":{\"n\":NaN}}".getBytes(StandardCharsets.UTF_8);
                    case 10 -> line = "{'kind':'a'}".getBytes(StandardCharsets.UTF_8);
                    default -> line = ("{\"kind\":\"a\",\"payload\":{\"n\":" + "7".repeat(1500) + "}}").getBytes(StandardCharsets.UTF_8);
                }
                bad = true;
            }
            in.writeBytes(line);
            in.write('\n');
            if (new String(line, StandardCharsets.UTF_8).isBlank()) {
                continue;
            }
            nonBlank.add(n);
            if (bad && firstBad < 0) {
                firstBad = n;
            }
        }
        // How many entries must be stored: lines before the first bad one (by batches with --batch).
        int goodBefore = 0;
        for (int n : nonBlank) {
            if (firstBad > 0 && n >= firstBad) {
                break;
            }
            goodBefore++;
        }
        int expectStored = firstBad < 0 ? nonBlank.size() : batch > 0 ? goodBefore / batch * batch : goodBefore;
        int expectCode = firstBad < 0 ? 0 : 2;
        Path dir = invalidUtf8 ? tmp.resolve("utf8-" + i) : mainDir;
        List<String> args = new ArrayList<>(List.of("append", "--log", dir.toString()));
        if (batch > 0) {
            args.add("--batch");
            args.add(Integer.toString(batch));
        }
        if (rnd.nextInt(4) == 0) {
            args.add("--durability");
            args.add(gen.pick("sync", "wal", "none", "SYNC"));
        }
        Run r = cli(in.toByteArray(), args.toArray(String[]::new));
        List<Integer> ackedLines = new ArrayList<>();
        List<long[]> acks = new ArrayList<>();
        Matcher m = ACK.matcher(r.out());
        while (m.find()) {
            ackedLines.add(Integer.parseInt(m.group(1)));
            acks.add(new long[] {Long.parseLong(m.group(2))});
            if (dir == mainDir) {
                acked.put(Long.parseLong(m.group(2)), m.group(3));
            }
        }
        String ctx = "case " + i + " (" + lines + " lines, batch " + batch + ", first bad line " + firstBad + ")";
        if (r.code() != expectCode) {
            failures.add(ctx + ": exit " + r.code() + " instead of " + expectCode + "; stderr: " + r.err().trim());
            return;
        }
        if (acks.size() != expectStored) {
            failures.add(ctx + ": " + acks.size() + " entries acknowledged instead of " + expectStored + "; stderr: " + r.err().trim());
        } else if (!ackedLines.equals(nonBlank.subList(0, expectStored))) {
            failures.add(ctx + ": the acks name lines " + ackedLines + " instead of " + nonBlank.subList(0, expectStored));
        }
        if (expectCode != 0) {
            // The error is one line naming the bad line.
            String err = r.err().trim();
            Matcher ln = Pattern.compile("^chainlog: line (\\d+)[: ]").matcher(err);
            if (err.contains("\tat ") || err.lines().count() != 1 || !ln.find()) {
                failures.add(ctx + ": the error must be one line naming a line: " + err);
            } else {
                int named = Integer.parseInt(ln.group(1));
                boolean ok = named == firstBad;
                if (!ok) {
                    failures.add(ctx + ": the error names line " + named + ": " + err);
                }
            }
        }
        if (dir != mainDir) {
            TestKit.deleteTree(dir);
        }
        count(expectCode == 0 ? "exit 0: all lines stored" : invalidUtf8 ? "exit 2: invalid UTF-8 refused"
                : batch > 0 ? "exit 2: bad line, earlier batches stored" : "exit 2: bad line, earlier lines stored");
    }

    /** A valid event line with a unique uuid or request id where it has one. */
    private byte[] validLine(boolean batchMode) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", gen.pick("user.login", "grüße", "a\"b", "日本", "x\u2028y"));
        if (rnd.nextBoolean()) {
            o.put("source", "s" + rnd.nextInt(3));
        }
        if (rnd.nextInt(3) == 0) {
            o.put("uuid", "cli-" + (unique++) + "-" + rnd.nextInt(1000));
        }
        if (!batchMode && rnd.nextInt(3) == 0) {
            o.put("reqId", "cli-req-" + (unique++));
        }
        if (rnd.nextBoolean()) {
            o.putObject("meta").put("world_id", "w" + rnd.nextInt(5)).put("ctl", "\u0001\u0000");
        }
        if (rnd.nextBoolean()) {
            o.set("payload", Json.MAPPER.valueToTree(gen.payloadMap(4, false)));
        }
        try {
            return Json.MAPPER.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ flags

    @Test
    void flagsOfEveryCommand() throws Exception {
        long seed = Settings.seed("CliFuzzTest.flags");
        rnd = new Random(seed);
        gen = new Gen(rnd);
        Path dir = tmp.resolve("flags-log");
        Run init = cli(null, "append", "--log", dir.toString(), "--kind", "init");
        assertEquals(0, init.code(), init.err());
        Path aFile = Files.writeString(tmp.resolve("a-file"), "not a log");
        int cases = Math.max(50, (int) (Settings.fuzzCases() * 0.03));
        long head = 1;
        for (int i = 0; i < cases && failures.size() < 20; i++) {
            List<String> args = new ArrayList<>();
            Integer expect = flagsCase(i, args, dir, aFile);
            Run r = cli(null, args.toArray(String[]::new));
            String ctx = "case " + i + " " + Gen.abbreviate(String.join(" ", args));
            if (r.code() < 0 || r.code() > 3) {
                failures.add(ctx + ": exit " + r.code());
            }
            if (expect != null && r.code() != expect) {
                failures.add(ctx + ": exit " + r.code() + " instead of " + expect + "; stderr: " + r.err().trim());
            }
            if (r.code() >= 2 && (r.err().isBlank() || r.err().contains("\tat "))) {
                failures.add(ctx + ": exit " + r.code() + " without one clear line on stderr: " + r.err());
            }
            boolean appended = args.get(0).equals("append") && r.code() == 0;
            try (EventLog log = EventLogs.openReadOnly(Logs.config(dir, Durability.WAL))) {
                long now = log.head().seq();
                if (now != head + (appended ? 1 : 0)) {
                    failures.add(ctx + ": head moved from " + head + " to " + now + " (exit " + r.code() + ")");
                }
                head = now;
            }
            count("exit " + r.code() + ": " + args.get(0));
        }
        try (EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL))) {
            TestKit.assertIntact(log.verify(), "after the flag cases");
        }
        Figures.add("fuzz.cases: CLI flags", cases);
        outcomes.forEach((k, v) -> System.out.printf("[fuzz-cli] %-60s %,d%n", k, v));
        assertTrue(failures.isEmpty(), () -> "seed " + seed + ": " + String.join("\n", failures));
    }

    /** Fills {@code args}; returns the exit code the README promises, or null when several are right. */
    private Integer flagsCase(int i, List<String> args, Path dir, Path aFile) {
        String log = dir.toString();
        String number = gen.pick("-1", "0", "1", "3", "999999999999", "9223372036854775807", "9223372036854775808",
                "abc", "", "1.5", "-0", "0x10", "1e3");
        boolean numberOk = number.matches("-0|[0-9]{1,18}|9223372036854775807");
        switch (rnd.nextInt(14)) {
            case 0 -> {
                Gen.Str k = gen.strKind();
                String kind = gen.str(k);
                args.addAll(List.of("append", "--log", log, "--kind", kind));
                boolean ok = Gen.validText(kind) && !kind.startsWith("-");
                if (rnd.nextBoolean()) {
                    String p = gen.pick("{}", "{\"a\":1}", "[]", "{", "null", "{\"a\":NaN}", "{\"x\":1,\"x\":2}");
                    args.addAll(List.of("--payload", p));
                    ok &= p.equals("{}") || p.equals("{\"a\":1}");
                }
                if (rnd.nextBoolean()) {
                    String m = gen.pick("k=v", "k=", "=v", "novalue", "k=a=b");
                    args.addAll(List.of("--meta", m));
                    if (m.equals("novalue")) {
                        ok = false;
                    } else if (m.equals("=v")) {
                        args.addAll(List.of("--uuid", "meta-uuid-" + i));
                        return null; // an empty meta key: picocli's and chainlog's business, either answer is fine
                    }
                }
                if (rnd.nextInt(3) == 0) {
                    String d = gen.pick("sync", "wal", "none", "fast", "");
                    args.addAll(List.of("--durability", d));
                    ok &= List.of("sync", "wal", "none").contains(d);
                }
                if (rnd.nextInt(4) == 0) {
                    args.addAll(List.of("--uuid", "flag-uuid-" + i));
                }
                return kind.startsWith("-") ? null : ok ? 0 : 2;
            }
            case 1 -> {
                args.addAll(List.of("read", "--log", log, "--since", number));
                return numberOk ? 0 : 2;
            }
            case 2 -> {
                args.addAll(List.of("read", "--log", log, "--limit", number));
                boolean intOk = numberOk && number.length() <= 9;
                return intOk ? 0 : null;
            }
            case 3 -> {
                args.addAll(List.of("get", "--log", log, number));
                // A seq that is a number but not retained (0, -1, too big) is "no entry": exit 3 today.
                return number.matches("-?[0-9]+") || number.isEmpty() ? null : Integer.valueOf(2);
            }
            case 4 -> {
                String opt = gen.pick("--uuid", "--request-id", "--source", "--from", "--to", "");
                args.addAll(List.of("find", "--log", log));
                if (!opt.isEmpty()) {
                    args.addAll(List.of(opt, gen.pick("x", "2024-01-01T00:00:00Z", "yesterday", "")));
                }
                return opt.isEmpty() ? 2 : null;
            }
            case 5 -> {
                args.addAll(List.of("tail", "--log", log, "-n", number));
                return numberOk && number.length() <= 9 ? 0 : null;
            }
            case 6 -> {
                String h = gen.pick("1:" + "0".repeat(64), "x:y", "1", ":", "1:zz", "-5:" + "a".repeat(64));
                args.addAll(List.of("verify", "--log", log, "--expect-head", h));
                if (rnd.nextBoolean()) {
                    args.add("--deep");
                }
                return h.equals("1:" + "0".repeat(64)) ? Integer.valueOf(1) : h.startsWith("-5") ? null : Integer.valueOf(2);
            }
            case 7 -> {
                args.addAll(List.of(gen.pick("head", "stats", "verify"), "--log", log));
                return 0;
            }
            case 8 -> {
                args.addAll(List.of("export", "--log", log, "--since", number, "--out",
                        tmp.resolve("export-" + i + ".jsonl").toString()));
                return numberOk ? 0 : 2;
            }
            case 9 -> {
                String ttl = gen.pick("abc", "-1d", "0", "1x", "", "PT-1S");
                args.addAll(List.of("retention", "--log", log, "--ttl", ttl));
                return 2;
            }
            case 10 -> {
                args.addAll(List.of("retention", "--log", log, "--max-entries", gen.pick("-1", "x", "")));
                return 2;
            }
            case 11 -> {
                Path target = rnd.nextBoolean() ? aFile : tmp.resolve("backup-" + i);
                args.addAll(List.of("backup", "--log", log, target.toString()));
                return target == aFile ? null : 0;
            }
            case 12 -> {
                args.addAll(List.of(gen.pick("read", "head", "append", "verify"), "--log", aFile.toString()));
                if (args.get(0).equals("append")) {
                    args.addAll(List.of("--kind", "k"));
                }
                return 3;
            }
            default -> {
                args.addAll(List.of(gen.pick("frobnicate", "read", "append", "--log", "import"),
                        gen.pick("--no-such-flag", "--limit", "--batch=-2", "--since=", "nope.jsonl")));
                return null;
            }
        }
    }

    // ------------------------------------------------------------------ the packaged jar

    /** A few cases through {@code java -jar cli/target/chainlog.jar}: the real exit codes of a real process. */
    @Test
    void packagedJar() throws Exception {
        Path jar = Path.of(System.getProperty("chainlog.cli.jar", "../cli/target/chainlog.jar"));
        assumeTrue(Files.isRegularFile(jar), "no packaged CLI jar at " + jar + " (run `mvn package` on cli first)");
        Path dir = tmp.resolve("jar-log");
        Path lines = Files.write(tmp.resolve("lines.jsonl"),
                "{\"kind\":\"ok\"}\n{\"kind\":\"ok\"}\n{\"kind\":\"a\",\"colour\":1}\n{\"kind\":\"ok\"}\n".getBytes(StandardCharsets.UTF_8));
        Path hostile = Files.write(tmp.resolve("hostile.jsonl"), ("{\"seq\":1,\"prev\":\"" + "1".repeat(64)
                + "\",\"ts\":1,\"kind\":\"k\",\"uuid\":\"u\",\"payload\":{}}\n").getBytes(StandardCharsets.UTF_8));
        Object[][] cases = {
                {new String[] {"append", "--log", dir.toString()}, lines, 2, 2L},
                {new String[] {"import", "--log", tmp.resolve("jar-import").toString(), hostile.toString()}, null, 1, 2L},
                {new String[] {"get", "--log", dir.toString(), "abc"}, null, 2, 2L},
                {new String[] {"read", "--log", dir.toString(), "--limit", "-1"}, null, 2, 2L},
        };
        for (Object[] c : cases) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString()));
            cmd.addAll(List.of((String[]) c[0]));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(tmp.resolve("jar-stderr.txt").toFile());
            if (c[1] != null) {
                pb.redirectInput((Path.of(c[1].toString())).toFile());
            }
            Process p = pb.start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the jar did not finish");
            String err = Files.readString(tmp.resolve("jar-stderr.txt"));
            assertEquals((int) c[2], p.exitValue(), String.join(" ", (String[]) c[0]) + ": " + err);
            assertTrue(!err.contains("\tat "), err);
            Figures.inc("fuzz.cases: CLI as a packaged jar (child process)");
        }
        try (EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL))) {
            assertEquals(2, log.head().seq(), "the two lines before the bad one, nothing else");
        }
    }
}
