package dev.chainlog.rocksdb.tools;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Backend;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.contract.TestKit;
import dev.chainlog.core.ChainedEventLog;
import dev.chainlog.rocksdb.RocksLogStore;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Measures what docs/STORAGE-ROCKSDB.md reports: the open time of a large log against an empty one, and the
 * folder size and cost of a retention cut of 90% of it.
 *
 * <pre>
 * mvn -B -o -q -pl storage-rocksdb test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp storage-rocksdb/target/test-classes:storage-rocksdb/target/classes:$(cat /tmp/cp.txt) \
 *      dev.chainlog.rocksdb.tools.MeasureOpenAndRetention /tmp/chainlog-measure 1000000
 * </pre>
 * The folder (first argument) is deleted and recreated. Entries are realistic audit events (~330-byte stored
 * values: header, uuid, a source out of 10, a request id on every tenth, a small JSON payload).
 */
public final class MeasureOpenAndRetention {
    private static final int OPENS = 9;

    private MeasureOpenAndRetention() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "/tmp/chainlog-measure");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        TestKit.deleteTree(root);
        Path big = root.resolve("big");
        Path empty = root.resolve("empty");
        Map<String, String> results = new LinkedHashMap<>();

        // Warm-up: loads the native library and JIT-compiles the open path, so the timings compare like with like.
        try (EventLog log = EventLogs.open(config(root.resolve("warmup")).build())) {
            log.append(Event.of("warmup"));
        }
        try (EventLog log = EventLogs.open(config(empty).build())) {
            log.head();
        }

        long t0 = System.nanoTime();
        fill(big, n);
        results.put("append " + n + " entries (batches of 1000, WAL)", ms(System.nanoTime() - t0));
        results.put("folder size of the " + n + "-entry log", mb(size(big)));

        results.put("open, empty log: median (min .. max) of " + OPENS, openTimes(empty));
        results.put("open, " + n + "-entry log: median (min .. max) of " + OPENS, openTimes(big));

        // A steady-state cut first: the oldest 1% (what a ttl or maxEntries cut of a busy log looks like).
        long small = n / 100;
        EventLogConfig smallCut = config(big).maxEntries(n - small).retentionInterval(Duration.ofHours(1)).build();
        try (EventLog log = EventLogs.open(smallCut)) {
            long c0 = System.nanoTime();
            long start = log.applyRetention();
            results.put("retention cut of the oldest " + small + " entries (to logStartSeq " + start + ")",
                    ms(System.nanoTime() - c0));
        }

        // The big cut: keep the newest 10%.
        long keep = n / 10;
        EventLogConfig cut = config(big).maxEntries(keep).retentionInterval(Duration.ofHours(1)).build();
        RocksLogStore store = RocksLogStore.open(cut);
        try (EventLog log = ChainedEventLog.open(store, cut)) {
            long before = size(big);
            long c0 = System.nanoTime();
            long start = log.applyRetention();
            long cutNanos = System.nanoTime() - c0;
            long r0 = System.nanoTime();
            store.reclaimSpaceNow();
            long reclaimNanos = System.nanoTime() - r0;
            long afterReclaim = size(big);
            results.put("retention cut of 90% (to logStartSeq " + start + "; one WriteBatch)", ms(cutNanos));
            results.put("folder size before the 90% cut", mb(before));
            results.put("reclaim: deleteFilesInRanges + compactRange (waits for the background one)",
                    ms(reclaimNanos));
            results.put("folder size after reclaim", mb(afterReclaim));
            long v0 = System.nanoTime();
            IntegrityReport report = log.verify();
            results.put("verify of the " + report.checked() + " retained entries (" + (report.ok() ? "OK" : "FAILED")
                    + ")", ms(System.nanoTime() - v0));
        }
        results.put("folder size after the cut, reclaim and close", mb(size(big)));
        results.put("open after the cut: median (min .. max) of " + OPENS, openTimes(big));

        System.out.println("chainlog storage-rocksdb measurements (" + n + " entries, " + Runtime.getRuntime()
                .availableProcessors() + " CPUs, Java " + System.getProperty("java.version") + ")");
        results.forEach((k, v) -> System.out.printf("  %-90s %s%n", k, v));
    }

    private static EventLogConfig.Builder config(Path dir) {
        return EventLogConfig.builder().backend(Backend.ROCKSDB).path(dir)
                .blockCacheBytes(Long.getLong("chainlog.measure.cache", EventLogConfig.DEFAULT_BLOCK_CACHE_BYTES));
    }

    private static void fill(Path dir, int n) {
        Random rnd = new Random(1);
        try (EventLog log = EventLogs.open(config(dir).build())) {
            for (int done = 0; done < n; ) {
                int size = Math.min(1000, n - done);
                List<Event> batch = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    int k = done + i;
                    batch.add(Event.builder("user.action").source("svc-" + (k % 10))
                            .meta("world_id", "w" + (k % 7))
                            .payload(Map.of("user", "user-" + rnd.nextInt(100_000), "action",
                                    ACTIONS[rnd.nextInt(ACTIONS.length)], "amount", rnd.nextInt(1_000_000),
                                    "ip", "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256)))
                            .build());
                }
                // a request id on every tenth batch, so by_request has something to clean up
                AppendRequest r = AppendRequest.batch(batch);
                log.append(done % 10_000 == 0 ? r.withRequestId("req-" + done) : r);
                done += size;
            }
        }
    }

    private static final String[] ACTIONS = {"login", "logout", "update", "delete", "grant", "revoke"};

    /** "median (min..max)" of {@link #OPENS} opens; open = RocksDB open + the core's recovery. */
    private static String openTimes(Path dir) {
        long[] t = new long[OPENS];
        for (int i = 0; i < OPENS; i++) {
            long s = System.nanoTime();
            EventLog log = EventLogs.open(config(dir).build());
            t[i] = System.nanoTime() - s;
            log.close();
        }
        Arrays.sort(t);
        return ms(t[OPENS / 2]) + " (" + ms(t[0]) + " .. " + ms(t[OPENS - 1]) + ")";
    }

    /** Total length of the files in {@code dir}; RocksDB may delete files meanwhile (they count as 0). */
    private static long size(Path dir) {
        File[] files = dir.toFile().listFiles();
        long total = 0;
        for (File f : files == null ? new File[0] : files) {
            total += f.length();
        }
        return total;
    }

    private static String ms(long nanos) {
        return String.format("%,.1f ms", nanos / 1e6);
    }

    private static String mb(long bytes) {
        return String.format("%,.1f MB", bytes / 1e6);
    }
}
