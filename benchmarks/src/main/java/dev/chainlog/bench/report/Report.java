package dev.chainlog.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders JMH JSON results of the chainlog suite as a Markdown table (ops/s with JMH's 99.9% error, and the ratio
 * chainlog/raw per configuration, plus the targets with their measured ratios) and a PNG chart (append
 * throughput vs writer threads, one panel per durability). It reports; it never judges a run as failed.
 *
 * <pre>
 * java -Djava.awt.headless=true -cp benchmarks.jar dev.chainlog.bench.report.Report \
 *      --json results/quick.json --out results --name quick [--machine machine.txt] [--title "..."]
 * </pre>
 */
public final class Report {
    static final String[] DURABILITIES = {"SYNC", "WAL", "NONE"};
    static final int[] THREADS = {1, 4, 16, 64};

    private final List<Result> results;

    Report(List<Result> results) {
        this.results = results;
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> jsons = new ArrayList<>();
        Path out = Path.of(".");
        String name = "results";
        String machine = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> jsons.add(Path.of(args[++i]));
                case "--out" -> out = Path.of(args[++i]);
                case "--name" -> name = args[++i];
                case "--machine" -> machine = Files.readString(Path.of(args[++i]), StandardCharsets.UTF_8).strip();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: --json FILE [--json FILE..] --out DIR --name NAME [--machine FILE]");
            }
        }
        if (jsons.isEmpty()) {
            throw new IllegalArgumentException("give at least one --json FILE");
        }
        List<Result> all = new ArrayList<>();
        for (Path p : jsons) {
            all.addAll(Result.read(p));
        }
        Report r = new Report(all);
        Files.createDirectories(out);
        Path png = out.resolve(name + "-threads.png");
        boolean chart = r.hasThreadCurves();
        Files.deleteIfExists(png);
        if (chart) {
            r.chart(png, "chainlog append throughput vs writer threads (payload 100 B)", r::append, r::appendAsync,
                    r::rawPut);
        }
        Path auditPng = out.resolve(name + "-audit-threads.png");
        boolean auditChart = r.hasAuditCurves();
        Files.deleteIfExists(auditPng);
        if (auditChart) {
            r.chart(auditPng, "chainlog appends of realistic audit events vs writer threads (payload as a map)",
                    r::auditAppend, r::auditAsync, r::rawAudit);
        }
        Path md = out.resolve(name + ".md");
        Files.writeString(md, r.markdown(machine, chart ? png.getFileName().toString() : null,
                auditChart ? auditPng.getFileName().toString() : null), StandardCharsets.UTF_8);
        System.out.println("wrote " + md + (chart ? " and " + png : " (no thread curves in these results: no chart)"));
    }

    // ------------------------------------------------------------------ lookups

    Optional<Result> find(String cls, String method, String... params) {
        outer:
        for (Result r : results) {
            if (!r.cls.equals(cls) || !r.method.equals(method)) {
                continue;
            }
            for (int i = 0; i < params.length; i += 2) {
                if (!params[i + 1].equals(r.params.get(params[i]))) {
                    continue outer;
                }
            }
            return Optional.of(r);
        }
        return Optional.empty();
    }

    /** chainlog's blocking append at a thread count (1 thread comes from the single-thread benchmark). */
    Optional<Result> append(String d, int threads) {
        return threads == 1 ? find("AppendBenchmark", "append", "durability", d, "payload", "100")
                : find("ConcurrentAppendBenchmark", String.format("append_t%02d", threads), "durability", d);
    }

    Optional<Result> appendAsync(String d, int threads) {
        return find("ConcurrentAppendBenchmark", String.format("appendAsync_t%02d", threads), "durability", d);
    }

    Optional<Result> rawPut(String d, int threads) {
        return threads == 1 ? find("RawRocksPutBenchmark", "put", "durability", d, "payload", "100")
                : find("RawRocksConcurrentBenchmark", String.format("put_t%02d", threads), "durability", d);
    }

    /** chainlog appends of audit events ({@code AuditAppendBenchmark}) in a payload form, at a thread count. */
    Optional<Result> auditAppend(String d, String form, int threads) {
        return find("AuditAppendBenchmark", threads == 1 ? "append" : String.format("append_t%02d", threads),
                "durability", d, "form", form);
    }

    Optional<Result> auditAppend(String d, int threads) {
        return auditAppend(d, "MAP", threads);
    }

    Optional<Result> auditAsync(String d, String form, int threads) {
        return find("AuditAppendBenchmark", String.format("appendAsync_t%02d", threads), "durability", d, "form", form);
    }

    Optional<Result> auditAsync(String d, int threads) {
        return auditAsync(d, "MAP", threads);
    }

    Optional<Result> rawAudit(String d, int threads) {
        return find("RawAuditBenchmark", threads == 1 ? "put" : String.format("put_t%02d", threads), "durability", d);
    }

    boolean hasAuditCurves() {
        for (String d : DURABILITIES) {
            if (auditAppend(d, 4).isPresent() || auditAsync(d, 4).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** True when the results hold the multi-thread append points the chart draws. */
    boolean hasThreadCurves() {
        for (String d : DURABILITIES) {
            if (append(d, 4).isPresent() || appendAsync(d, 4).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Replay and verify count a 1M-entry log per invocation; rescale when the log had another size. */
    double readScale(Result r) {
        String n = r.params.get("entries");
        return n == null ? 1.0 : Double.parseDouble(n) / 1_000_000.0;
    }

    // ------------------------------------------------------------------ markdown

    String markdown(String machine, String pngName, String auditPngName) {
        StringBuilder s = new StringBuilder();
        Result any = results.get(0);
        s.append("# chainlog benchmark results\n\n");
        if (!machine.isEmpty()) {
            s.append(machine).append("\n\n");
        }
        s.append("JMH ").append(any.jmhVersion).append(", ").append(any.vm).append(", forks ").append(any.forks)
                .append(", warmup ").append(any.warmupIterations).append(" x ").append(any.warmupTime)
                .append(", measurement ").append(any.measurementIterations).append(" x ").append(any.measurementTime)
                .append(". Scores are JMH's mean; `±` is JMH's 99.9% confidence half-width over the measurement ")
                .append("iterations (wide with few iterations). Ratios are chainlog/raw of the means, each from ")
                .append("the same run. Every trial ran on a fresh folder on the disk named above. Benchmarks report ")
                .append("ratios; nothing here is asserted.\n\n");

        if (pngName != null) {
            s.append("![append throughput vs writer threads](").append(pngName).append(")\n\n");
        }

        if (hasAudit()) {
            auditTargets(s);
            audit(s, auditPngName);
        }
        if (hasClassic()) {
            targets(s);
            singleThread(s);
            threads(s);
            batches(s);
            limits(s);
            peers(s);
            reads(s);
        }
        return s.toString();
    }

    private boolean hasAudit() {
        return results.stream().anyMatch(r -> r.cls.equals("AuditAppendBenchmark") || r.cls.equals("RawAuditBenchmark"));
    }

    private boolean hasClassic() {
        return results.stream().anyMatch(r -> !r.cls.equals("AuditAppendBenchmark") && !r.cls.equals("RawAuditBenchmark"));
    }

    /** Issue 16's targets, on realistic audit events (payload as a map; the JSON-text form beside it). */
    private void auditTargets(StringBuilder s) {
        s.append("## Targets (issue 16: realistic audit events, Merkle tree included)\n\n");
        s.append("| target | measured (payload as a map) | payload as JSON text | |\n|---|---|---|---|\n");
        auditRow(s, "`WAL` 1 thread ≥ 0.6× raw put of the same bytes", "WAL", 1, false, 0.6);
        auditRow(s, "`WAL` 4 threads ≥ 0.8× raw concurrent puts", "WAL", 4, false, 0.8);
        auditRow(s, "`WAL` 16 threads ≥ 0.8× raw concurrent puts", "WAL", 16, false, 0.8);
        auditRow(s, "`WAL` `appendAsync` from 4 threads ≥ 1× raw puts from 4", "WAL", 4, true, 1.0);
        auditRow(s, "`WAL` `appendAsync` from 16 threads ≥ 1× raw puts from 16", "WAL", 16, true, 1.0);
        auditRow(s, "`SYNC` 64 blocking appenders ≥ 2× raw synced puts from 64 threads", "SYNC", 64, false, 2.0);
        auditRow(s, "`SYNC` 1 thread ≥ 0.9× raw synced put", "SYNC", 1, false, 0.9);
        Optional<Result> rb = find("RawAuditBenchmark", "batch1000", "durability", "SYNC");
        s.append("| `SYNC` batch of 1,000 ≥ 0.6× raw synced WriteBatch of the same bytes | ")
                .append(verdictCell(find("AuditAppendBenchmark", "batch1000", "durability", "SYNC", "form", "MAP"), rb, 0.6))
                .append(" | ").append(verdictCell(find("AuditAppendBenchmark", "batch1000", "durability", "SYNC", "form", "JSON"), rb, 0.6))
                .append(" | ").append(met(find("AuditAppendBenchmark", "batch1000", "durability", "SYNC", "form", "MAP"), rb, 0.6))
                .append(" |\n");
        auditRow(s, "`NONE` 1 thread ≥ 0.35× raw put without WAL", "NONE", 1, false, 0.35);
        Optional<Result> wal1 = auditAppend("WAL", 1);
        s.append("| `WAL` 1 thread ≥ 2× gunn's in-memory append rate (70–83k/s on this machine: ≥ 166k/s) | ")
                .append(wal1.map(r -> num(r.score) + "/s").orElse("not measured")).append(" | ")
                .append(auditAppend("WAL", "JSON", 1).map(r -> num(r.score) + "/s").orElse("–")).append(" | ")
                .append(wal1.map(r -> r.score >= 166_000 ? "met" : "**missed**").orElse("")).append(" |\n");
        s.append('\n');
    }

    private void auditRow(StringBuilder s, String target, String d, int threads, boolean async, double bound) {
        Optional<Result> raw = rawAudit(d, threads);
        Optional<Result> map = async ? auditAsync(d, "MAP", threads) : auditAppend(d, "MAP", threads);
        Optional<Result> json = async ? auditAsync(d, "JSON", threads) : auditAppend(d, "JSON", threads);
        s.append("| ").append(target).append(" | ").append(verdictCell(map, raw, bound)).append(" | ")
                .append(verdictCell(json, raw, bound)).append(" | ").append(met(map, raw, bound)).append(" |\n");
    }

    private static String verdictCell(Optional<Result> c, Optional<Result> raw, double bound) {
        Optional<Double> r = ratio(c, raw);
        return r.isEmpty() ? "not measured" : "**" + ratioCell(c, raw) + "** (" + num(c.get().score) + " vs "
                + num(raw.get().score) + ")";
    }

    private static String met(Optional<Result> c, Optional<Result> raw, double bound) {
        return ratio(c, raw).map(r -> r >= bound ? "met" : "**missed**").orElse("");
    }

    private void audit(StringBuilder s, String pngName) {
        s.append("## Realistic audit events (ops/s; batches: entries/s)\n\n");
        s.append("Events like the demo's: kind, a source per writer thread, `world_id` meta, a 3-field payload (")
                .append("`user`, `path`, `bytes`) built anew for every append, as a map or as JSON text; ~220 B stored. ")
                .append("Raw: RocksDB puts (or one WriteBatch of 1,000) of the same stored bytes with the same ")
                .append("WriteOptions, from as many threads.\n\n");
        if (pngName != null) {
            s.append("![audit appends vs writer threads](").append(pngName).append(")\n\n");
        }
        s.append("| durability | writers | chainlog, map | chainlog, JSON text | raw RocksDB | map/raw | JSON/raw |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (String d : DURABILITIES) {
            for (int t : THREADS) {
                auditLine(s, d, t + (t == 1 ? " thread" : " threads"), auditAppend(d, "MAP", t),
                        auditAppend(d, "JSON", t), rawAudit(d, t));
            }
            for (int t : new int[] {4, 16}) {
                auditLine(s, d, "`appendAsync`, " + t + " threads", auditAsync(d, "MAP", t), auditAsync(d, "JSON", t),
                        rawAudit(d, t));
            }
            auditLine(s, d, "batch of 1,000", find("AuditAppendBenchmark", "batch1000", "durability", d, "form", "MAP"),
                    find("AuditAppendBenchmark", "batch1000", "durability", d, "form", "JSON"),
                    find("RawAuditBenchmark", "batch1000", "durability", d));
        }
        s.append('\n');
    }

    private static void auditLine(StringBuilder s, String d, String what, Optional<Result> map, Optional<Result> json,
                                  Optional<Result> raw) {
        if (map.isEmpty() && json.isEmpty() && raw.isEmpty()) {
            return;
        }
        s.append("| ").append(d).append(" | ").append(what).append(" | ").append(cell(map)).append(" | ")
                .append(cell(json)).append(" | ").append(cell(raw)).append(" | ").append(ratioCell(map, raw))
                .append(" | ").append(ratioCell(json, raw)).append(" |\n");
    }

    private void targets(StringBuilder s) {
        s.append("## Targets (issue 5)\n\n");
        s.append("| target | measured | |\n|---|---|---|\n");
        Optional<Double> walRatio = ratio(find("AppendBenchmark", "append", "durability", "WAL", "payload", "100"),
                find("RawRocksPutBenchmark", "put", "durability", "WAL", "payload", "100"));
        Optional<Double> walRatio1k = ratio(find("AppendBenchmark", "append", "durability", "WAL", "payload", "1024"),
                find("RawRocksPutBenchmark", "put", "durability", "WAL", "payload", "1024"));
        targetRow(s, "`WAL` single-thread append ≥ 0.6× raw RocksDB put of the same bytes", walRatio, 0.6, true,
                walRatio1k.map(r -> "100 B payload; 1 KiB: " + x(r)).orElse("100 B payload"));
        Optional<Double> sync64 = ratio(append("SYNC", 64), rawPut("SYNC", 64));
        Optional<Double> sync64async = ratio(appendAsync("SYNC", 64), rawPut("SYNC", 64));
        targetRow(s, "`SYNC` with 64 appenders ≥ 2× raw RocksDB synced puts from 64 threads", sync64, 2.0, true,
                sync64async.map(r -> "blocking `append`; `appendAsync` from 64 threads: " + x(r)).orElse("blocking `append`"));
        Optional<Double> sync1 = ratio(find("AppendBenchmark", "append", "durability", "SYNC", "payload", "100"),
                find("RawRocksPutBenchmark", "put", "durability", "SYNC", "payload", "100"));
        Optional<Double> sync1k = ratio(find("AppendBenchmark", "append", "durability", "SYNC", "payload", "1024"),
                find("RawRocksPutBenchmark", "put", "durability", "SYNC", "payload", "1024"));
        targetRow(s, "single-thread `SYNC` ≥ 0.9× raw synced put", sync1, 0.9, true,
                sync1k.map(r -> "100 B payload; 1 KiB: " + x(r)).orElse("100 B payload"));
        Optional<Double> b1000 = ratio(find("BatchAppendBenchmark", "batch1000", "durability", "SYNC"),
                find("RawRocksBatchBenchmark", "batch1000", "durability", "SYNC"));
        targetRow(s, "`SYNC` batches of 1,000 ≥ 0.8× raw synced WriteBatch of the same bytes", b1000, 0.8, true, "");
        Optional<Result> verify = find("ReadBenchmark", "verify");
        Optional<Result> replay = find("ReadBenchmark", "replay");
        targetRow(s, "`verify()` ≥ 1M entries/s", verify.map(r -> r.score * readScale(r) / 1e6), 1.0, true,
                "M entries/s");
        targetRow(s, "replay ≥ 1M entries/s", replay.map(r -> r.score * readScale(r) / 1e6), 1.0, true,
                "M entries/s (`read(since, 1000)` pages)");
        Optional<Result> open1m = find("OpenBenchmark", "openClose", "entries", "1000000");
        Optional<Result> open0 = find("OpenBenchmark", "openClose", "entries", "0");
        Optional<Double> openRatio = ratio(open1m, open0);
        targetRow(s, "open of a 1M-entry log within 2× of an empty one", openRatio, 2.0, false,
                open1m.isPresent() && open0.isPresent()
                        ? "open+close " + num(open1m.get().score) + " ms vs " + num(open0.get().score) + " ms" : "");
        s.append('\n');
    }

    private static void targetRow(StringBuilder s, String target, Optional<Double> value, double bound,
                                  boolean atLeast, String note) {
        s.append("| ").append(target).append(" | ");
        if (value.isEmpty()) {
            s.append("not measured | |\n");
            return;
        }
        double v = value.get();
        boolean met = atLeast ? v >= bound : v <= bound;
        s.append("**").append(note.startsWith("M entries") ? num2(v) : x(v)).append("**");
        if (!note.isEmpty()) {
            s.append(note.startsWith("M entries") ? " " : " (").append(note).append(note.startsWith("M entries") ? "" : ")");
        }
        s.append(" | ").append(met ? "met" : "**missed**").append(" |\n");
    }

    private void singleThread(StringBuilder s) {
        s.append("## Single-thread append vs raw RocksDB put (ops/s)\n\n");
        s.append("chainlog `append` (build the event, chain, hash, encode, write entry + checksum + uuid and source ")
                .append("index + meta in one WriteBatch) vs one raw `put` of the same stored bytes under the same ")
                .append("WriteOptions.\n\n");
        s.append("| durability | payload | chainlog append | raw RocksDB put | chainlog/raw |\n|---|---|---:|---:|---:|\n");
        for (String d : DURABILITIES) {
            for (String p : new String[] {"100", "1024"}) {
                Optional<Result> c = find("AppendBenchmark", "append", "durability", d, "payload", p);
                Optional<Result> r = find("RawRocksPutBenchmark", "put", "durability", d, "payload", p);
                s.append("| ").append(d).append(" | ").append(p.equals("100") ? "100 B" : "1 KiB").append(" | ")
                        .append(cell(c)).append(" | ").append(cell(r)).append(" | ").append(ratioCell(c, r)).append(" |\n");
            }
        }
        s.append('\n');
    }

    private void threads(StringBuilder s) {
        s.append("## Writer threads (payload 100 B, ops/s)\n\n");
        s.append("`append`: each thread blocks on its append. `appendAsync`: each thread keeps up to 64 appends in ")
                .append("flight. Raw: concurrent `put`s from as many threads (RocksDB groups concurrent writers).\n\n");
        s.append("| durability | threads | chainlog append | chainlog appendAsync | raw RocksDB put | append/raw | appendAsync/raw |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String d : DURABILITIES) {
            for (int t : THREADS) {
                Optional<Result> a = append(d, t);
                Optional<Result> as = appendAsync(d, t);
                Optional<Result> r = rawPut(d, t);
                s.append("| ").append(d).append(" | ").append(t).append(" | ").append(cell(a)).append(" | ")
                        .append(cell(as)).append(" | ").append(cell(r)).append(" | ").append(ratioCell(a, r))
                        .append(" | ").append(ratioCell(as, r)).append(" |\n");
            }
        }
        s.append('\n');
    }

    private void batches(StringBuilder s) {
        s.append("## Atomic batches (payload 100 B, entries/s)\n\n");
        s.append("chainlog `appendBatch` of N freshly built events vs one raw WriteBatch of N puts of the same stored ")
                .append("bytes, same WriteOptions, one thread.\n\n");
        s.append("| durability | batch | chainlog appendBatch | raw WriteBatch | chainlog/raw |\n|---|---:|---:|---:|---:|\n");
        for (String d : DURABILITIES) {
            for (String m : new String[] {"batch0010", "batch0100", "batch1000"}) {
                Optional<Result> c = find("BatchAppendBenchmark", m, "durability", d);
                Optional<Result> r = find("RawRocksBatchBenchmark", m, "durability", d);
                s.append("| ").append(d).append(" | ").append(Integer.parseInt(m.substring(5))).append(" | ")
                        .append(cell(c)).append(" | ").append(cell(r)).append(" | ").append(ratioCell(c, r)).append(" |\n");
            }
        }
        s.append('\n');
    }

    private void limits(StringBuilder s) {
        s.append("## The limits under chainlog (one thread)\n\n");
        s.append("| what | payload 100 B | payload 1 KiB |\n|---|---:|---:|\n");
        String[][] rows = {
                {"fileAppendForce", "FileChannel append + force (fdatasync) of the stored value, ops/s"},
                {"sha256", "SHA-256 of the stored value, ops/s"},
                {"buildEvent", "build the Event (Jackson conversion of the payload map), ops/s"}};
        for (String[] row : rows) {
            Optional<Result> a = find("BaselineBenchmark", row[0], "payload", "100");
            Optional<Result> b = find("BaselineBenchmark", row[0], "payload", "1024");
            s.append("| ").append(row[1]).append(" | ").append(cell(a)).append(perOp(a)).append(" | ")
                    .append(cell(b)).append(perOp(b)).append(" |\n");
        }
        s.append('\n');
    }

    private void peers(StringBuilder s) {
        s.append("## Peers at matched durability (payload 100 B, one record per commit, one thread, ops/s)\n\n");
        s.append("Each peer stores the chainlog stored value (pre-encoded bytes) under a sequence key: no event ")
                .append("building, hashing or chaining, so compare them with raw RocksDB as much as with chainlog.\n\n");
        s.append("| store | setting | durability class | ops/s | chainlog append, same class | peer/chainlog |\n")
                .append("|---|---|---|---:|---:|---:|\n");
        Object[][] rows = {
                {"SqliteBenchmark", "insert", "SYNC", "SQLite (xerial), WAL journal", "synchronous=FULL"},
                {"SqliteBenchmark", "insert", "WAL", "SQLite (xerial), WAL journal", "synchronous=NORMAL"},
                {"LmdbBenchmark", "putCommit", "SYNC", "LMDB (lmdbjava), MDB_APPEND", "default (fsync per commit)"},
                {"LmdbBenchmark", "putCommit", "WAL", "LMDB (lmdbjava), MDB_APPEND", "MDB_NOSYNC"},
                {"H2MvStoreBenchmark", "putCommit", "SYNC", "H2 MVStore", "commit() + sync() per entry"},
                {"H2MvStoreBenchmark", "putCommit", "WAL", "H2 MVStore", "commit() per entry"},
                {"ChronicleQueueBenchmark", "append", "NOSYNC", "Chronicle Queue", "memory-mapped, no fsync, no integrity"}};
        for (Object[] row : rows) {
            String d = (String) row[2];
            Optional<Result> p = find((String) row[0], (String) row[1], "durability", d);
            if (p.isEmpty()) {
                continue;
            }
            String cls = d.equals("NOSYNC") ? "no fsync (≈ `WAL`/`NONE`)" : d.equals("SYNC")
                    ? "fsync per commit (≈ `SYNC`)" : "survives a process crash (≈ `WAL`)";
            Optional<Result> c = find("AppendBenchmark", "append", "durability", d.equals("NOSYNC") ? "WAL" : d,
                    "payload", "100");
            s.append("| ").append(row[3]).append(" | ").append(row[4]).append(" | ").append(cls).append(" | ")
                    .append(cell(p)).append(" | ").append(cell(c)).append(d.equals("NOSYNC") ? " (`WAL`)" : "")
                    .append(" | ").append(ratioCell(p, c)).append(" |\n");
        }
        s.append('\n');
    }

    private void reads(StringBuilder s) {
        s.append("## Read side (log of 1M entries, payload 100 B)\n\n");
        s.append("| what | score |\n|---|---:|\n");
        find("ReadBenchmark", "replay").ifPresent(r -> s.append("| replay: `read(since, 1000)` pages over the whole log | ")
                .append(num(r.score * readScale(r))).append(" ± ").append(num(r.error * readScale(r))).append(" entries/s |\n"));
        find("ReadBenchmark", "verify").ifPresent(r -> s.append("| `verify()` of the whole log | ")
                .append(num(r.score * readScale(r))).append(" ± ").append(num(r.error * readScale(r))).append(" entries/s |\n"));
        find("ReadBenchmark", "readPage").ifPresent(r -> s.append("| `read(since, 100)` at a random cursor | ")
                .append(cell(Optional.of(r))).append(" |\n"));
        find("ReadBenchmark", "findByUuid").ifPresent(r -> s.append("| `findByUuid` of a random existing uuid | ")
                .append(cell(Optional.of(r))).append(" |\n"));
        Optional<Result> open0 = find("OpenBenchmark", "openClose", "entries", "0");
        Optional<Result> open1m = find("OpenBenchmark", "openClose", "entries", "1000000");
        open0.ifPresent(r -> s.append("| open + close, empty log | ").append(cell(open0)).append(" |\n"));
        open1m.ifPresent(r -> s.append("| open + close, 1M-entry log | ").append(cell(open1m)).append(" |\n"));
        if (open0.isPresent() && open1m.isPresent()) {
            s.append("| open 1M / open empty | ").append(ratioCell(open1m, open0)).append(" |\n");
        }
        s.append('\n');
    }

    // ------------------------------------------------------------------ formatting

    private static Optional<Double> ratio(Optional<Result> a, Optional<Result> b) {
        if (a.isEmpty() || b.isEmpty() || b.get().score == 0) {
            return Optional.empty();
        }
        return Optional.of(a.get().score / b.get().score);
    }

    /** The ratio and, when both errors are known, its propagated error (relative errors added in quadrature). */
    private static String ratioCell(Optional<Result> a, Optional<Result> b) {
        Optional<Double> r = ratio(a, b);
        if (r.isEmpty()) {
            return "–";
        }
        double ea = a.get().relError();
        double eb = b.get().relError();
        String out = x(r.get());
        if (!Double.isNaN(ea) && !Double.isNaN(eb)) {
            out += " ± " + num2(r.get() * Math.sqrt(ea * ea + eb * eb));
        }
        return out;
    }

    private static String cell(Optional<Result> r) {
        if (r.isEmpty()) {
            return "–";
        }
        Result v = r.get();
        String unit = v.unit.equals("ops/s") ? "" : " " + v.unit;
        return num(v.score) + (Double.isNaN(v.error) ? "" : " ± " + num(v.error)) + unit;
    }

    private static String perOp(Optional<Result> r) {
        if (r.isEmpty() || !r.get().unit.equals("ops/s") || r.get().score == 0) {
            return "";
        }
        double micros = 1e6 / r.get().score;
        return " (" + num2(micros) + " µs)";
    }

    static String x(double r) {
        return num2(r) + "×";
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        DecimalFormat f = new DecimalFormat(Math.abs(v) >= 100 ? "#,##0" : Math.abs(v) >= 10 ? "#,##0.0" : "#,##0.00",
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(v);
    }

    static String num2(double v) {
        return new DecimalFormat("0.00", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    // ------------------------------------------------------------------ chart

    /** A lookup of one curve's point: durability, writer threads. */
    interface Curve {
        Optional<Result> at(String durability, int threads);
    }

    void chart(Path png, String title, Curve blocking, Curve async, Curve raw) throws IOException {
        LogAxis y = new LogAxis("operations per second (log scale)");
        y.setBase(10);
        y.setSmallestValue(1);
        y.setTickUnit(new NumberTickUnit(1)); // one tick per decade: 1,000 / 10,000 / 100,000 / ...
        y.setMinorTickCount(9);
        y.setMinorTickMarksVisible(true);
        y.setNumberFormatOverride(new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        CombinedRangeXYPlot combined = new CombinedRangeXYPlot(y);
        combined.setGap(12);
        String[] labels = {"1", "4", "16", "64"};
        String[] names = {"chainlog append (blocking)", "chainlog appendAsync (64 in flight per thread)",
                "raw RocksDB put, same bytes and WriteOptions"};
        Paint[] colors = {new Color(0x1f, 0x77, 0xb4), new Color(0x2c, 0xa0, 0x2c), new Color(0xd6, 0x27, 0x28)};
        Stroke[] strokes = {new BasicStroke(2.5f), new BasicStroke(2.5f),
                new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {7f, 5f}, 0f)};
        Shape[] shapes = {new Ellipse2D.Double(-4, -4, 8, 8), new Rectangle2D.Double(-4, -4, 8, 8),
                new Ellipse2D.Double(-3.5, -3.5, 7, 7)};
        double min = Double.MAX_VALUE;
        double max = 0;
        for (String d : DURABILITIES) {
            XYSeriesCollection data = new XYSeriesCollection();
            XYSeries[] series = {new XYSeries(names[0]), new XYSeries(names[1]), new XYSeries(names[2])};
            for (int i = 0; i < THREADS.length; i++) {
                int t = THREADS[i];
                List<Optional<Result>> points = List.of(blocking.at(d, t), async.at(d, t), raw.at(d, t));
                for (int k = 0; k < 3; k++) {
                    if (points.get(k).isPresent() && points.get(k).get().score > 0) {
                        double v = points.get(k).get().score;
                        series[k].add(i, v);
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            for (XYSeries xs : series) {
                data.addSeries(xs);
            }
            SymbolAxis x = new SymbolAxis("writer threads — " + d, labels);
            x.setTickUnit(new NumberTickUnit(1));
            x.setGridBandsVisible(false);
            x.setLowerMargin(0.08);
            x.setUpperMargin(0.08);
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
            for (int k = 0; k < 3; k++) {
                renderer.setSeriesPaint(k, colors[k]);
                renderer.setSeriesStroke(k, strokes[k]);
                renderer.setSeriesShape(k, shapes[k]);
            }
            XYPlot plot = new XYPlot(data, x, null, renderer);
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
            plot.setRangeGridlinePaint(new Color(0xcc, 0xcc, 0xcc));
            combined.add(plot, 1);
        }
        if (max > 0) {
            // A hair past the decades, so the bounding decades get their labels too.
            y.setRange(Math.pow(10, Math.floor(Math.log10(min))) * 0.98, Math.pow(10, Math.ceil(Math.log10(max * 1.2))) * 1.02);
        }
        LegendItemCollection legend = new LegendItemCollection();
        for (int k = 0; k < 3; k++) {
            LegendItem item = new LegendItem(names[k], null, null, null, shapes[k], colors[k], strokes[k], colors[k]);
            item.setLine(new java.awt.geom.Line2D.Double(-12, 0, 12, 0));
            item.setLineVisible(true);
            item.setLinePaint(colors[k]);
            item.setLineStroke(strokes[k]);
            legend.add(item);
        }
        combined.setFixedLegendItems(legend);
        JFreeChart chart = new JFreeChart(title,
                new Font("SansSerif", Font.BOLD, 18), combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        Result any = results.get(0);
        chart.addSubtitle(new TextTitle("one panel per durability; " + any.vm + "; JMH, "
                + any.measurementIterations + " x " + any.measurementTime + " measurement", new Font("SansSerif", Font.PLAIN, 12)));
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1400, 560);
    }

    // ------------------------------------------------------------------ JMH JSON

    /** One benchmark result from JMH's JSON. */
    static final class Result {
        final String cls;
        final String method;
        final Map<String, String> params;
        final int threads;
        final double score;
        final double error;
        final String unit;
        final String jmhVersion;
        final String vm;
        final int forks;
        final int warmupIterations;
        final String warmupTime;
        final int measurementIterations;
        final String measurementTime;

        Result(JsonNode n) {
            String full = n.path("benchmark").asText();
            int dot = full.lastIndexOf('.');
            String owner = full.substring(0, dot);
            this.cls = owner.substring(owner.lastIndexOf('.') + 1);
            this.method = full.substring(dot + 1);
            this.params = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : n.path("params").properties()) {
                params.put(e.getKey(), e.getValue().asText());
            }
            this.threads = n.path("threads").asInt(1);
            JsonNode m = n.path("primaryMetric");
            this.score = number(m.path("score"));
            this.error = number(m.path("scoreError"));
            this.unit = m.path("scoreUnit").asText();
            this.jmhVersion = n.path("jmhVersion").asText();
            this.vm = n.path("vmName").asText() + " " + n.path("jdkVersion").asText();
            this.forks = n.path("forks").asInt();
            this.warmupIterations = n.path("warmupIterations").asInt();
            this.warmupTime = n.path("warmupTime").asText();
            this.measurementIterations = n.path("measurementIterations").asInt();
            this.measurementTime = n.path("measurementTime").asText();
        }

        /** JMH writes "NaN" (a string) when it cannot compute an error. */
        private static double number(JsonNode v) {
            if (v.isNumber()) {
                return v.asDouble();
            }
            try {
                return Double.parseDouble(v.asText());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }

        double relError() {
            return score == 0 ? Double.NaN : error / score;
        }

        static List<Result> read(Path json) throws IOException {
            JsonNode root = new ObjectMapper().readTree(json.toFile());
            List<Result> out = new ArrayList<>();
            for (JsonNode n : root) {
                out.add(new Result(n));
            }
            return out;
        }
    }
}
