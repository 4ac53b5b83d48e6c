package dev.chainlog.bench;

import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.IntegrityReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One phase of {@code benchmarks/scale.sh} (issue 17), in a JVM of its own: how chainlog's costs grow with the log.
 * Every phase prints {@code RESULT key=value ...} lines for the script to tabulate. Realistic audit events
 * ({@link AuditEvents}), {@code WAL} mode, default settings.
 *
 * <ul>
 *   <li>{@code build DIR N}: appends N events in atomic batches of 1,000 (10 sources); the rate, then the folder
 *       size and table files after close.</li>
 *   <li>{@code open DIR}: the first open in this JVM (after RocksDB's native library is loaded), and the close.</li>
 *   <li>{@code verify DIR}: one {@code verify()}, the first in this JVM (one-shot: JIT not warm).</li>
 *   <li>{@code reads DIR SAMPLES}: after as many warm-up reads, the latency of {@code get(random)},
 *       {@code findByUuid} of a random entry's uuid and {@code read(random, 100)}: p50, p99, max.</li>
 *   <li>{@code cut DIR}: cuts the older half with {@code applyRetention()} while one thread appends single events
 *       beside it; the cut's duration, the appends' latency during it (p50, p99, max), then the folder size before
 *       the cut, right after it, and after {@code reclaimSpace()}; the process's peak RSS.</li>
 * </ul>
 * Benchmarks measure; nothing here is asserted.
 */
public final class ScaleRun {
    private static final int BATCH = 1000;
    private static final int SOURCES = 10;

    private ScaleRun() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "build" -> build(dir, Long.parseLong(args[2]));
            case "open" -> open(dir);
            case "verify" -> verify(dir);
            case "reads" -> reads(dir, Integer.parseInt(args[2]));
            case "cut" -> cut(dir);
            default -> throw new IllegalArgumentException("unknown phase " + args[0]);
        }
    }

    private static EventLogConfig config(Path dir) {
        return EventLogConfig.builder().path(dir).build();
    }

    private static void build(Path dir, long n) throws IOException {
        long started = System.nanoTime();
        long next = 1;
        long lastReport = started;
        try (EventLog log = EventLogs.open(config(dir))) {
            next = log.head().seq() + 1;
            while (next <= n) {
                int size = (int) Math.min(BATCH, n - next + 1);
                List<Event> batch = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    long k = next + i;
                    batch.add(AuditEvents.event(k, "service-" + (k % SOURCES), AuditEvents.Form.MAP));
                }
                log.appendBatch(batch);
                next += size;
                long now = System.nanoTime();
                if (now - lastReport > 30_000_000_000L) {
                    lastReport = now;
                    System.err.printf(Locale.ROOT, "build: %,d of %,d entries, %.0f/s%n", next - 1, n,
                            (next - 1) / ((now - started) / 1e9));
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        result("build", "entries", n, "seconds", fmt(seconds), "appendsPerSec", Math.round(n / seconds),
                "folderBytes", folderBytes(dir), "tableFiles", tableFiles(dir), "rssPeakKiB", rssPeakKiB());
    }

    private static void open(Path dir) {
        org.rocksdb.RocksDB.loadLibrary(); // the native library's extraction and load are not the open's cost
        long started = System.nanoTime();
        EventLog log = EventLogs.open(config(dir));
        long opened = System.nanoTime();
        long head = log.head().seq();
        log.close();
        long closed = System.nanoTime();
        result("open", "headSeq", head, "openMs", fmt((opened - started) / 1e6), "closeMs", fmt((closed - opened) / 1e6));
    }

    private static void verify(Path dir) {
        try (EventLog log = EventLogs.open(config(dir))) {
            long started = System.nanoTime();
            IntegrityReport r = log.verify();
            double seconds = (System.nanoTime() - started) / 1e9;
            result("verify", "checked", r.checked(), "ok", r.ok(), "seconds", fmt(seconds),
                    "entriesPerSec", Math.round(r.checked() / seconds));
        }
    }

    private static void reads(Path dir, int samples) {
        try (EventLog log = EventLogs.open(config(dir))) {
            long first = log.logStartSeq();
            long head = log.head().seq();
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            String[] uuids = new String[2 * samples];
            for (int i = 0; i < uuids.length; i++) { // chosen before timing: a get each
                uuids[i] = log.get(rnd.nextLong(first, head + 1)).orElseThrow().uuid();
            }
            long[] get = new long[samples];
            long[] uuid = new long[samples];
            long[] page = new long[samples];
            for (int round = 0; round < 2; round++) { // round 0 warms up
                for (int i = 0; i < samples; i++) {
                    long t0 = System.nanoTime();
                    log.get(rnd.nextLong(first, head + 1)).orElseThrow();
                    long t1 = System.nanoTime();
                    log.findByUuid(uuids[round * samples + i]).orElseThrow();
                    long t2 = System.nanoTime();
                    log.read(rnd.nextLong(first - 1, Math.max(first, head - 100)), 100);
                    long t3 = System.nanoTime();
                    get[i] = t1 - t0;
                    uuid[i] = t2 - t1;
                    page[i] = t3 - t2;
                }
            }
            result("reads", "samples", samples, "getP50Us", us(get, 0.50), "getP99Us", us(get, 0.99), "getMaxUs", us(get, 1),
                    "uuidP50Us", us(uuid, 0.50), "uuidP99Us", us(uuid, 0.99), "uuidMaxUs", us(uuid, 1),
                    "pageP50Us", us(page, 0.50), "pageP99Us", us(page, 0.99), "pageMaxUs", us(page, 1),
                    "rssPeakKiB", rssPeakKiB());
        }
    }

    private static void cut(Path dir) throws Exception {
        warmUpAppends(dir.resolveSibling(dir.getFileName() + "-warmup"));
        long before = folderBytes(dir);
        long head;
        long startBefore;
        try (EventLog probe = EventLogs.open(config(dir))) {
            head = probe.head().seq();
            startBefore = probe.logStartSeq();
        }
        long keep = (head - startBefore + 1) / 2;
        // Opened with maxEntries, the log hides the older half at once, and its writer starts cutting it in the
        // background after its first append; applyRetention() finishes that cut and waits for its removal.
        EventLogConfig cfg = config(dir).toBuilder().maxEntries(keep).build();
        List<Long> latencies = new ArrayList<>();
        double cutSeconds;
        long afterCut;
        double reclaimSeconds;
        long startAfter;
        try (EventLog log = EventLogs.open(cfg)) {
            AtomicBoolean cutting = new AtomicBoolean(true);
            Thread appender = new Thread(() -> {
                long i = 0;
                while (cutting.get()) {
                    long t0 = System.nanoTime();
                    log.append(AuditEvents.event(head + 1 + i, "service-beside", AuditEvents.Form.MAP));
                    long t = System.nanoTime() - t0;
                    synchronized (latencies) {
                        latencies.add(t);
                    }
                    i++;
                }
            }, "scale-appender");
            long t0 = System.nanoTime();
            appender.start();
            log.applyRetention();
            cutSeconds = (System.nanoTime() - t0) / 1e9;
            cutting.set(false);
            appender.join();
            startAfter = log.logStartSeq();
            afterCut = folderBytes(dir);
            long t1 = System.nanoTime();
            log.reclaimSpace(null);
            reclaimSeconds = (System.nanoTime() - t1) / 1e9;
        }
        long[] lat;
        synchronized (latencies) {
            lat = latencies.stream().mapToLong(Long::longValue).toArray();
        }
        result("cut", "pruned", startAfter - startBefore, "seconds", fmt(cutSeconds), "appendsDuringCut", lat.length,
                "appendP50Us", us(lat, 0.50), "appendP99Us", us(lat, 0.99), "appendMaxUs", us(lat, 1),
                "folderBytesBefore", before, "folderBytesAfterCut", afterCut, "reclaimSeconds", fmt(reclaimSeconds),
                "folderBytesAfterReclaim", folderBytes(dir), "rssPeakKiB", rssPeakKiB());
    }

    /** 50,000 single appends to a scratch log (then deleted), so the cut's appends run compiled code. */
    private static void warmUpAppends(Path scratch) throws IOException {
        try (EventLog log = EventLogs.open(config(scratch))) {
            for (int i = 0; i < 50_000; i++) {
                log.append(AuditEvents.event(i, "service-warmup", AuditEvents.Form.MAP));
            }
        }
        try (Stream<Path> s = Files.walk(scratch)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String us(long[] nanos, double q) {
        if (nanos.length == 0) {
            return "-";
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        int i = (int) Math.min(s.length - 1, Math.ceil(q * s.length) - 1);
        return fmt(s[Math.max(0, i)] / 1e3);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static void result(String phase, Object... kv) {
        StringBuilder b = new StringBuilder("RESULT phase=").append(phase);
        for (int i = 0; i < kv.length; i += 2) {
            b.append(' ').append(kv[i]).append('=').append(kv[i + 1]);
        }
        System.out.println(b);
    }

    /** Bytes of the files in the log's folder (flat); a file a compaction deletes meanwhile counts 0. */
    static long folderBytes(Path dir) throws IOException {
        long total = 0;
        try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                total += p.toFile().length(); // 0 for a file already gone, or a folder
            }
        }
        return total;
    }

    private static long tableFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sst")).count();
        }
    }

    /** The process's peak resident memory (VmHWM), KiB; -1 where /proc is not there. */
    private static long rssPeakKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
