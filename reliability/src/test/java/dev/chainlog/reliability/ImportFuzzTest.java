package dev.chainlog.reliability;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.Head;
import dev.chainlog.api.ImportRefusedException;
import dev.chainlog.cli.ChainlogCli;
import dev.chainlog.contract.TestKit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile files for {@code importExport} (and {@code chainlog import}): valid exports with one defect each — broken
 * JSON, a wrong or repeated seq, a forged prev, a repeated uuid, ts going back, a line over the size limit, a
 * missing final newline, CRLF, a BOM, unknown or reordered fields, whitespace, invalid UTF-8, text fields the
 * append API refuses, random byte flips, swapped or deleted lines. Every one must be refused with an
 * ImportRefusedException (CLI: exit 1) and leave the log empty (head 0, nothing readable); the log then still
 * imports a valid file. Controls (unmodified exports, exports starting after seq 1, and exports with a line in the
 * older encoding rule 1, FORMAT.md §1b) must be imported.
 *
 * <p>Cases: 25% of {@code chainlog.reliability.fuzz} (CI 1,000; long 30,000); the long profile adds one line of
 * 1 GB, refused without being held in memory.
 */
@Tag("reliability")
class ImportFuzzTest {
    @TempDir
    Path tmp;

    private Random rnd;
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    @Test
    void hostileExports() throws Exception {
        long seed = Settings.seed("ImportFuzzTest");
        rnd = new Random(seed);
        Gen gen = new Gen(rnd);
        List<ExportFile> bases = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            bases.add(base(gen, 2 + rnd.nextInt(30), b));
        }
        int cases = (int) (Settings.fuzzCases() * 0.25);
        Path file = tmp.resolve("case.jsonl");
        Path dir = tmp.resolve("target-log");
        try (EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL))) {
            for (int i = 0; i < cases && failures.size() < 20; i++) {
                ExportFile base = bases.get(rnd.nextInt(bases.size()));
                Mutation m = mutate(base.copy(), i);
                Files.write(file, m.bytes);
                if (m.expect == Expect.ACCEPT || m.expect == Expect.KNOWN_BUG) {
                    judgeInFreshLog(i, m, file);
                } else if (i % 40 == 0) {
                    judgeCli(i, m, file, dir, log);
                } else {
                    judge(i, m, file, log);
                }
            }
            if (Settings.LONG) {
                oneGigabyteLine(log);
            }
            // Nothing was stored by any refused file: the log still takes a valid one.
            Files.write(file, bases.get(0).bytes());
            Head h = log.importExport(file);
            assertEquals(bases.get(0).size(), h.seq() - log.logStartSeq() + 1);
            TestKit.assertIntact(log.verify(), "the valid import after the hostile ones");
        }
        Figures.add("fuzz.cases: import of hostile files", cases);
        outcomes.forEach((k, v) -> System.out.printf("[fuzz-import] %-70s %,d%n", k, v));
        assertTrue(failures.isEmpty(), () -> "seed " + seed + ": " + failures.size() + " failing case(s):\n"
                + String.join("\n", failures));
    }

    enum Expect { REFUSE, ACCEPT, KNOWN_BUG }

    record Mutation(String name, Expect expect, byte[] bytes, String bug) {
    }

    /** A valid export of {@code n} varied entries from a real log (the first one from seq 1, the others later). */
    private ExportFile base(Gen gen, int n, int b) throws Exception {
        Path dir = tmp.resolve("base-" + b);
        try (EventLog log = EventLogs.open(Logs.config(dir, Durability.NONE))) {
            int skip = b == 0 ? 0 : rnd.nextInt(5);
            for (int i = 0; i < n + skip; i++) {
                Event.Builder e = Event.builder(gen.pick("user.login", "grüße", "日本", "a\"b", "x"))
                        .payload(gen.payloadMap(4, false));
                if (rnd.nextBoolean()) {
                    e.source("src-" + rnd.nextInt(4));
                }
                if (rnd.nextBoolean()) {
                    e.meta("world_id", "w" + rnd.nextInt(9)).meta("k", "\u0001\"\\");
                }
                if (rnd.nextInt(4) == 0) {
                    log.append(e.build(), "req-" + b + "-" + i);
                } else {
                    log.append(e.build());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            log.exportTo(out, skip);
            return ExportFile.parse(out.toByteArray());
        }
    }

    private Mutation mutate(ExportFile f, int caseNo) {
        int n = f.size();
        int i = rnd.nextInt(n);
        int notLast = n > 1 ? rnd.nextInt(n - 1) : -1;
        int kind = rnd.nextInt(33);
        switch (kind) {
            case 0:
                f.lines.set(i, java.util.Arrays.copyOf(f.lines.get(i), f.lines.get(i).length - 1));
                return refuse("broken JSON (last brace cut)", f.rechain(i + 1));
            case 1: {
                ObjectNode t = f.tree(i);
                f.setField(i, "seq", LongNode.valueOf(t.get("seq").asLong() + 1 + rnd.nextInt(3)));
                if (i == 0) { // a later start is fine; break the second line instead
                    if (n < 2) {
                        return refuse("seq not after the previous (single line, seq 0)", seqText(f, 0, "0"));
                    }
                    f.setField(1, "seq", LongNode.valueOf(f.tree(1).get("seq").asLong() + 5));
                }
                return refuse("wrong seq", f.rechain(0));
            }
            case 2:
                f.lines.add(i + 1, f.lines.get(i).clone());
                return refuse("duplicate seq (a line repeated)", f.rechain(i + 1));
            case 3: {
                int at = n > 1 ? 1 + rnd.nextInt(n - 1) : 0;
                if (at == 0 && !f.tree(0).get("seq").asText().equals("1")) {
                    return refuse("forged prev (single line, also seq 0)", seqText(f, 0, "0"));
                }
                f.setPrev(at, randomHex());
                return refuse("forged prev", f);
            }
            case 4: {
                if (n < 2) {
                    return refuse("truncated line", cut(f, 0));
                }
                int a = rnd.nextInt(n - 1);
                f.setField(a + 1, "uuid", f.tree(a).get("uuid"));
                return refuse("duplicate uuid", f.rechain(a + 1));
            }
            case 5: {
                if (n < 2) {
                    return refuse("truncated line", cut(f, 0));
                }
                int a = 1 + rnd.nextInt(n - 1);
                f.setField(a, "ts", LongNode.valueOf(f.tree(a - 1).get("ts").asLong() - 1 - rnd.nextInt(1000)));
                return refuse("ts going back", f.rechain(a));
            }
            case 6: {
                ObjectNode p = JsonNodeFactory.instance.objectNode();
                p.put("s", "l".repeat(EventLogConfig.DEFAULT_MAX_PAYLOAD_BYTES + 64 * 1024 + rnd.nextInt(1000)));
                f.setField(i, "payload", p);
                return refuse("a line over the size limit", f.rechain(i + 1));
            }
            case 7: {
                byte[] all = f.bytes();
                return new Mutation("no final newline", Expect.REFUSE, java.util.Arrays.copyOf(all, all.length - 1), null);
            }
            case 8: {
                if (n < 2) {
                    return refuse("truncated line", cut(f, 0));
                }
                for (int k = 0; k < n; k++) {
                    byte[] l = f.lines.get(k);
                    byte[] crlf = java.util.Arrays.copyOf(l, l.length + 1);
                    crlf[l.length] = '\r';
                    f.lines.set(k, crlf);
                }
                return refuse("CRLF line ends", f);
            }
            case 9: {
                byte[] all = f.bytes();
                byte[] bom = new byte[all.length + 3];
                bom[0] = (byte) 0xEF;
                bom[1] = (byte) 0xBB;
                bom[2] = (byte) 0xBF;
                System.arraycopy(all, 0, bom, 3, all.length);
                return new Mutation("UTF-8 BOM", Expect.REFUSE, bom, null);
            }
            case 10:
                return new Mutation(rnd.nextBoolean() ? "empty file" : "only a newline", Expect.REFUSE,
                        rnd.nextBoolean() ? new byte[0] : new byte[] {'\n'}, null);
            case 11:
                f.setField(i, "extra", IntNode.valueOf(1));
                return refuse("unknown field", f.rechain(i + 1));
            case 12:
                f.moveToEnd(i, rnd.nextBoolean() ? "kind" : "uuid");
                return refuse("fields out of order", f.rechain(i + 1));
            case 13:
                f.replace(i, ",\"kind\":", ", \"kind\" : ");
                return refuse("whitespace between fields", f.rechain(i + 1));
            case 14:
                f.replace(i, ",\"kind\":\"", new byte[] {',', '"', 'k', 'i', 'n', 'd', '"', ':', '"', (byte) 0xFF});
                return refuse("invalid UTF-8 in kind", f.rechain(i + 1));
            case 15: {
                // As JSON escapes where Jackson could not write the raw char (a lone surrogate).
                String[] bad = {"", " ", "\\t", "k".repeat(257), "a\\u0000b", "\\ud800", "\\udc00x"};
                String field = new Gen(rnd).pick("kind", "kind", "uuid", "source", "reqId");
                f.setField(i, field, TextNode.valueOf("@@BAD@@"));
                f.replace(i, "@@BAD@@", bad[rnd.nextInt(bad.length)]);
                return refuse(field + " breaking the append rules", f.rechain(i + 1));
            }
            case 16:
                return refuse("seq 0, negative or with a leading zero",
                        seqText(f, 0, new Gen(rnd).pick("0", "-1", "01", "1.0", "1e0", "\"1\"")));
            case 17:
                f.setPrev(notLast < 0 ? 0 : notLast + 1, Head.class.getSimpleName().repeat(16).substring(0, 64));
                return refuse("prev not hex", f);
            case 18: {
                String p = f.tree(i).get("prev").asText().toUpperCase();
                f.setPrev(i, p);
                if (p.equals(p.toLowerCase())) { // all digits: make it an unmistakable upper-case one
                    f.setPrev(i, "A" + p.substring(1));
                }
                return refuse("prev in upper case", f.rechain(i + 1));
            }
            case 19:
                f.setField(i, "payload", JsonNodeFactory.instance.arrayNode());
                return refuse("payload not an object", f.rechain(i + 1));
            case 20: {
                ObjectNode m = JsonNodeFactory.instance.objectNode();
                m.put("a", 1);
                f.setField(i, "meta", m);
                return refuse("meta value not a string", f.rechain(i + 1));
            }
            case 21:
                f.replace(i, ",\"payload\":{", ",\"payload\":{\"dup\":1,\"dup\":2" + (f.tree(i).get("payload").size() > 0 ? "," : ""));
                return refuse("duplicate key in the payload", f.rechain(i + 1));
            case 22: {
                f.setField(i, "payload", (ObjectNode) dev.chainlog.chain.Json.MAPPER.valueToTree(Gen.nested(300, true)));
                return refuse("payload nesting 300 levels", f.rechain(i + 1));
            }
            case 23:
                return refuse("a line cut short", cut(f, i));
            case 24: {
                if (notLast < 0) {
                    return refuse("truncated line", cut(f, 0));
                }
                byte[] l = f.lines.get(notLast);
                int at = rnd.nextInt(l.length);
                l[at] = (byte) (l[at] ^ (1 << rnd.nextInt(8)));
                if (l[at] == '\n') {
                    l[at] = 'x';
                }
                return refuse("one bit flipped (not in the last line)", f);
            }
            case 25: {
                if (notLast < 0) {
                    return refuse("truncated line", cut(f, 0));
                }
                byte[] l = f.lines.get(notLast);
                int at = rnd.nextInt(l.length);
                byte[] out;
                if (rnd.nextBoolean()) {
                    out = new byte[l.length - 1];
                    System.arraycopy(l, 0, out, 0, at);
                    System.arraycopy(l, at + 1, out, at, l.length - at - 1);
                } else {
                    out = new byte[l.length + 1];
                    System.arraycopy(l, 0, out, 0, at);
                    out[at] = (byte) "a {}\",:\\0".charAt(rnd.nextInt(9));
                    System.arraycopy(l, at, out, at + 1, l.length - at);
                }
                f.lines.set(notLast, out);
                return refuse("one byte inserted or deleted (not in the last line)", f);
            }
            case 26: {
                if (n < 2) {
                    return refuse("truncated line", cut(f, 0));
                }
                int a = rnd.nextInt(n - 1);
                byte[] t = f.lines.get(a);
                f.lines.set(a, f.lines.get(a + 1));
                f.lines.set(a + 1, t);
                return refuse("two lines swapped", f);
            }
            case 27: {
                if (n < 3) {
                    return refuse("truncated line", cut(f, 0));
                }
                f.lines.remove(1 + rnd.nextInt(n - 2));
                return refuse("a line in the middle deleted", f);
            }
            case 28:
                f.setField(i, "meta", JsonNodeFactory.instance.objectNode());
                return refuse("empty meta written out (chainlog omits it)", f.rechain(i + 1));
            case 29:
                return refuse("seq overflowing a long", seqText(f, 0, "9223372036854775808"));
            case 30:
                return new Mutation("control: the export unchanged", Expect.ACCEPT, f.bytes(), null);
            case 31:
                // As an older chainlog wrote it (FORMAT.md §1b): Jackson's serialization of the line's tree is
                // rule 1 whenever the top-level strings hold no character outside the BMP, as the bases' do.
                f.setTree(i, f.tree(i));
                return new Mutation("control: one line re-spelled in encoding rule 1", Expect.ACCEPT, f.rechain(i + 1).bytes(), null);
            default: {
                if (n < 2) {
                    return new Mutation("control: the export unchanged", Expect.ACCEPT, f.bytes(), null);
                }
                int from = 1 + rnd.nextInt(n - 1);
                return new Mutation("control: a suffix (starts after a pruned prefix)", Expect.ACCEPT,
                        new ExportFile(f.lines.subList(from, n)).bytes(), null);
            }
        }
    }

    private String randomHex() {
        StringBuilder sb = new StringBuilder(64);
        for (int k = 0; k < 64; k++) {
            sb.append("0123456789abcdef".charAt(rnd.nextInt(16)));
        }
        return sb.toString();
    }

    private static Mutation refuse(String name, ExportFile f) {
        return new Mutation(name, Expect.REFUSE, f.bytes(), null);
    }

    private ExportFile cut(ExportFile f, int i) {
        byte[] l = f.lines.get(i);
        f.lines.set(i, java.util.Arrays.copyOf(l, 1 + rnd.nextInt(l.length - 2)));
        return f.rechain(i + 1);
    }

    private static ExportFile seqText(ExportFile f, int i, String text) {
        byte[] l = f.lines.get(i);
        String s = new String(l, StandardCharsets.UTF_8);
        int start = "{\"seq\":".length();
        int end = s.indexOf(",\"prev\"");
        f.lines.set(i, (s.substring(0, start) + text + s.substring(end)).getBytes(StandardCharsets.UTF_8));
        return f.rechain(i + 1);
    }

    private void count(String s) {
        outcomes.merge(s, 1L, Long::sum);
    }

    /** What verify-export says of the file: its chain, seqs and layout, without the import's rules. */
    private static boolean verifies(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return new dev.chainlog.verify.ExportVerifier(EventLogConfig.maxExportLineBytes(
                    EventLogConfig.DEFAULT_MAX_PAYLOAD_BYTES)).verify(in, null, null, null).ok();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A case that must be refused, against the shared (still empty) log. */
    private void judge(int i, Mutation m, Path file, EventLog log) {
        try {
            Head h = log.importExport(file);
            failures.add("case " + i + " (" + m.name + "): imported (head " + h + ") but must be refused");
        } catch (ImportRefusedException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                failures.add("case " + i + " (" + m.name + "): refused without a message");
            }
            count("refused as it must be: " + m.name);
        } catch (ChainlogException e) {
            failures.add("case " + i + " (" + m.name + "): refused with " + e.getClass().getSimpleName()
                    + " instead of ImportRefusedException: " + e.getMessage());
        } catch (RuntimeException e) {
            failures.add("case " + i + " (" + m.name + "): unclear error " + e);
        }
        if (log.head().seq() != 0 || !log.read(0, 1).entries().isEmpty()) {
            failures.add("case " + i + " (" + m.name + "): a refused import left head " + log.head());
        }
    }

    /**
     * The same through {@code chainlog import} (README): exit 1 when the file does not verify (as verify-export would
     * say), exit 2 when it verifies but cannot be imported (a rule broken, not canonical, empty); one line on stderr;
     * and no log folder left behind.
     */
    private void judgeCli(int i, Mutation m, Path file, Path dir, EventLog open) {
        // The log is open in this process; import through the CLI needs the folder: use a scratch one.
        Path scratch = tmp.resolve("cli-" + i);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ChainlogCli.run(new String[] {"import", "--log", scratch.toString(), file.toString()},
                new PrintWriter(out), new PrintWriter(err));
        int expected = verifies(file) ? ChainlogCli.USAGE : ChainlogCli.VERIFY_FAILED;
        if (code != expected) {
            failures.add("case " + i + " (" + m.name + ", cli): exit " + code + " instead of " + expected + "; stderr " + err);
        } else if (err.toString().isBlank() || err.toString().contains("\tat ")) {
            failures.add("case " + i + " (" + m.name + ", cli): stderr is not one clear line: " + err);
        }
        if (Files.exists(scratch)) {
            failures.add("case " + i + " (" + m.name + ", cli): a refused import left a log folder behind");
        }
        TestKit.deleteTree(scratch);
        count("refused as it must be (cli, exit 1): " + m.name);
        Figures.inc("fuzz.cases: import of hostile files through the CLI");
    }

    /** Controls and known-bug cases change the log when imported: each gets a new in-memory log (same core code). */
    private void judgeInFreshLog(int i, Mutation m, Path file) {
        try (EventLog log = EventLogs.open(EventLogConfig.memory())) {
            try {
                Head h = log.importExport(file);
                if (!startsAtSeqOne(file)) {
                    failures.add("case " + i + " (" + m.name + "): an export that starts after seq 1 was imported");
                    return;
                }
                if (m.expect == Expect.KNOWN_BUG) {
                    KnownBugs.hit(m.bug);
                    count("KNOWN BUG (imported, must be refused): " + m.name);
                    return;
                }
                TestKit.assertIntact(log.verify(), "case " + i);
                Entry next = log.append(Event.of("after.import"));
                if (next.seq() != h.seq() + 1 || !next.prev().equals(h.hash())) {
                    failures.add("case " + i + " (" + m.name + "): appending after the import does not continue the chain");
                }
                count("imported as it must be: " + m.name);
            } catch (ImportRefusedException e) {
                if (m.expect == Expect.ACCEPT && e.getMessage().contains("not 1") && e.getMessage().contains("Merkle tree")
                        && !startsAtSeqOne(file)) {
                    // docs/FORMAT.md §9b: a log's tree needs every entry from seq 1; a valid suffix is refused so
                    count("refused as it must be: a valid export that starts after seq 1 (the tree needs seq 1..)");
                } else if (m.expect == Expect.ACCEPT) {
                    failures.add("case " + i + " (" + m.name + "): a valid export was refused: " + e.getMessage());
                } else {
                    count("known-bug case refused, as the rules say (fixed?): " + m.name);
                }
            } catch (RuntimeException e) {
                failures.add("case " + i + " (" + m.name + "): unclear error " + e);
            }
        }
    }

    private static boolean startsAtSeqOne(Path file) {
        try (java.io.BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            return first != null && first.startsWith("{\"seq\":1,");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Long profile: a 1 GB line is refused as too long, streamed, never held in memory. */
    private void oneGigabyteLine(EventLog log) throws Exception {
        Path big = tmp.resolve("one-gigabyte-line.jsonl");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(big), 1 << 20)) {
            out.write(("{\"seq\":1,\"prev\":\"" + "0".repeat(64) + "\",\"ts\":1,\"kind\":\"k\",\"uuid\":\"u\","
                    + "\"payload\":{\"s\":\"").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "g".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; k < 1024; k++) {
                out.write(chunk);
            }
            out.write("\"}}\n".getBytes(StandardCharsets.US_ASCII));
        }
        long heapBefore = usedHeap();
        try {
            log.importExport(big);
            failures.add("a 1 GB line was imported");
        } catch (ImportRefusedException e) {
            assertTrue(e.getMessage().contains("longer than") || e.report() != null, e.getMessage());
            count("refused as it must be: a line of 1 GB");
        }
        long grew = usedHeap() - heapBefore;
        System.out.printf("[fuzz-import] 1 GB line refused; heap grew by %,d bytes%n", grew);
        Files.delete(big);
        Figures.inc("fuzz.cases: import of hostile files");
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
