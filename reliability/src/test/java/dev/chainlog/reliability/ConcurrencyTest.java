package dev.chainlog.reliability;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.contract.TestKit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readers (pages, tails, verify, export) running while two writers append batches of 1–5 events and retention
 * cuts (maxEntries plus applyRetention in a loop), in the writer's process and from a second process that opened
 * the log read-only ({@code EventLogs.openReadOnly}, a RocksDB secondary instance). No reader may see a gap inside
 * what it read, an entry below the log start, or a torn batch (see {@link Readers}). The work is a fixed number of
 * batches (CI 4,000 per writer; long 40,000), not a duration.
 *
 * <p>Every violation fails, in both processes. (Gaps seen by the read-only process were a known bug until read-only
 * logs learned to catch up again and re-read; see {@link RegressionTest}.)
 */
@Tag("reliability")
class ConcurrencyTest {
    @TempDir
    Path tmp;

    @Test
    void readersNeverSeeGapsExpiredEntriesOrTornBatches() throws Exception {
        long seed = Settings.seed("ConcurrencyTest");
        int batchesPerWriter = Settings.LONG ? 40_000 : 4_000;
        Path dir = tmp.resolve("log");
        EventLogConfig config = EventLogConfig.builder().path(dir).durability(Durability.WAL).maxEntries(3_000)
                .retentionInterval(Duration.ofMillis(20)).build();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> writerErrors = new ArrayList<>();
        AtomicLong cuts = new AtomicLong();
        try (EventLog log = EventLogs.open(config)) {
            // Something to read before the second process opens.
            append(log, "w0", 0, new Random(seed));
            Readers local = new Readers(log, writing::get, false);
            List<Thread> threads = new ArrayList<>();
            threads.add(new Thread(() -> local.pageReader(seed), "pages"));
            threads.add(new Thread(() -> local.pageReader(seed ^ 7), "pages-2"));
            threads.add(new Thread(local::tailReader, "tail"));
            threads.add(new Thread(local::verifier, "verify"));
            threads.add(new Thread(local::exporter, "export"));
            threads.add(new Thread(() -> {
                while (writing.get()) {
                    log.applyRetention();
                    cuts.incrementAndGet();
                    sleep(5);
                }
            }, "retention"));
            try (Child reader = Child.start(ReaderChild.class, tmp.resolve("reader"), List.of("-Xmx256m"), dir.toString(),
                    Long.toString(seed))) {
                assertEquals("READY", reader.poll(120_000), () -> "the read-only process did not start: " + reader.stderr());
                threads.forEach(Thread::start);
                List<Thread> writers = new ArrayList<>();
                for (int w = 1; w <= 2; w++) {
                    String name = "w" + w;
                    Random rnd = new Random(seed + w);
                    writers.add(new Thread(() -> {
                        try {
                            for (int n = 0; n < batchesPerWriter; n++) {
                                append(log, name, n, rnd);
                            }
                        } catch (RuntimeException e) {
                            synchronized (writerErrors) {
                                writerErrors.add(name + ": " + e);
                            }
                        }
                    }, name));
                }
                writers.forEach(Thread::start);
                for (Thread t : writers) {
                    t.join();
                }
                writing.set(false);
                for (Thread t : threads) {
                    t.join();
                }
                // Stop the second process and collect what it saw.
                OutputStream stdin = processStdin(reader);
                stdin.write("STOP\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                List<String> remote = new ArrayList<>();
                String stats = null;
                String line;
                while ((line = reader.poll(120_000)) != null && !line.equals("END") && !line.equals(Child.EOF)) {
                    if (line.startsWith("VIOLATION ")) {
                        remote.add(line);
                    } else if (line.startsWith("STATS ")) {
                        stats = line;
                    }
                }
                assertNotNull(stats, () -> "the read-only process did not report: " + reader.stderr());
                System.out.println("[concurrency] writer process: " + local.figures() + " cuts=" + cuts);
                System.out.println("[concurrency] read-only process: " + stats.substring(6));
                assertTrue(writerErrors.isEmpty(), writerErrors::toString);
                assertTrue(local.violations.isEmpty(), () -> "seed " + seed + ", in-process readers:\n"
                        + String.join("\n", local.violations));
                assertTrue(remote.isEmpty(), () -> "seed " + seed + ", read-only process:\n" + String.join("\n", remote));
                TestKit.assertIntact(log.verify(), "after the run");
                Figures.add("concurrency.pages read (both processes)", local.pages.get() + stat(stats, "pages"));
                Figures.add("concurrency.entries read in pages (both processes)", local.entriesRead.get() + stat(stats, "entries"));
                Figures.add("concurrency.entries delivered by tails (both processes)", local.tailed.get() + stat(stats, "tailed"));
                Figures.add("concurrency.verify runs during writes and cuts", local.verifies.get() + stat(stats, "verifies"));
                Figures.add("concurrency.exports during writes and cuts", local.exports.get() + stat(stats, "exports"));
                Figures.add("concurrency.retention cuts (applyRetention) during reads", cuts.get());
                Figures.add("concurrency.violations (gap, expired entry, torn batch)", 0);
            }
        }
    }

    /** One batch of 1..5 events, each carrying its batch id, size and index; sometimes under a request id. */
    private static void append(EventLog log, String writer, int n, Random rnd) {
        int k = 1 + rnd.nextInt(5);
        List<Event> events = new ArrayList<>(k);
        String id = writer + "-" + n;
        for (int i = 0; i < k; i++) {
            events.add(Event.builder("concurrency").source(writer).payload(Map.of("b", id, "k", k, "i", i)).build());
        }
        AppendRequest r = AppendRequest.batch(events);
        log.append(rnd.nextInt(4) == 0 ? r.withRequestId("req-" + id) : r);
    }

    private static long stat(String stats, String name) {
        for (String kv : stats.substring(6).split(" ")) {
            String[] p = kv.split("=");
            if (p[0].equals(name)) {
                return Long.parseLong(p[1]);
            }
        }
        return 0;
    }

    private static OutputStream processStdin(Child c) {
        return c.stdin();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
