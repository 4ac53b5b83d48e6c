package dev.chainlog.reliability;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Child JVM for fault-injection and regression tests. {@code args[0]} names the scenario, {@code args[1]} the log
 * folder; the rest depends on the scenario. Prints one flushed line per fact the parent needs:
 * {@code ACK seq hash}, {@code FAIL exceptionClass message}, and scenario markers.
 *
 * <ul>
 *   <li>{@code fill DIR MODE}: appends batches of 100 events of ~1 KiB until an append fails (disk full, file size
 *       limit), prints {@code FAIL ...}, then tries 20 more appends ({@code AFTER ok|FAIL ...}) and close
 *       ({@code CLOSED} or {@code CLOSE_FAIL ...}), and exits 0.</li>
 *   <li>{@code clear-after-unflushed DIR}: NONE mode; 20,000 entries made durable (flushed into several SST files),
 *       then 30,000 more left in the memtables, then {@code clear()}; prints {@code CLEARED} and waits to be
 *       killed.</li>
 *   <li>{@code append-then-wait DIR MODE N}: appends N single events, prints {@code ACK}s and {@code DONE}, waits to
 *       be killed (the WAL holds them; nothing was flushed).</li>
 * </ul>
 */
public final class FaultChild {
    private static PrintStream out;

    private FaultChild() {
    }

    public static void main(String[] args) throws Exception {
        out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "fill" -> fill(dir, Durability.valueOf(args[2]));
            case "clear-after-unflushed" -> clearAfterUnflushed(dir);
            case "append-then-wait" -> appendThenWait(dir, Durability.valueOf(args[2]), Integer.parseInt(args[3]));
            case "cut-then-wait" -> cutThenWait(dir);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void fill(Path dir, Durability mode) {
        EventLog log = EventLogs.open(EventLogConfig.builder().path(dir).durability(mode).build());
        line("READY " + log.head().seq());
        String pad = "p".repeat(1000);
        long n = 0;
        while (true) {
            try {
                for (Entry e : log.append(batch(n, pad))) {
                    line("ACK " + e.seq() + " " + e.hash());
                }
                n++;
            } catch (RuntimeException e) {
                line("FAIL " + e.getClass().getName() + " " + oneLine(e.getMessage()));
                break;
            }
        }
        for (int i = 0; i < 20; i++) {
            try {
                for (Entry e : log.append(batch(n++, pad))) {
                    line("AFTER_ACK " + e.seq() + " " + e.hash());
                }
            } catch (RuntimeException e) {
                line("AFTER_FAIL " + e.getClass().getName() + " " + oneLine(e.getMessage()));
            }
        }
        try {
            log.close();
            line("CLOSED");
        } catch (RuntimeException e) {
            line("CLOSE_FAIL " + e.getClass().getName() + " " + oneLine(e.getMessage()));
        }
        line("END");
    }

    private static AppendRequest batch(long n, String pad) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            events.add(Event.builder("fill").payload(Map.of("n", n, "i", i, "pad", pad)).build());
        }
        return AppendRequest.batch(events);
    }

    private static void clearAfterUnflushed(Path dir) throws InterruptedException {
        EventLog log = EventLogs.open(EventLogConfig.builder().path(dir).durability(Durability.NONE).build());
        String pad = "x".repeat(300);
        for (int b = 0; b < 500; b++) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                events.add(Event.of("k", Map.of("b", b, "i", i, "pad", pad)));
            }
            AppendRequest r = AppendRequest.batch(events);
            if (b < 200 && b % 50 == 49) {
                r = r.withDurability(Durability.SYNC); // NONE mode: an atomic flush, so 1..20,000 are on disk
            }
            log.append(r);
            if (b == 199) {
                line("DURABLE " + log.head().seq() + " " + log.head().hash());
            }
        }
        line("CLEARING " + log.head().seq());
        log.clear();
        line("CLEARED " + log.head().seq() + " " + log.logStartSeq());
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void appendThenWait(Path dir, Durability mode, int n) throws InterruptedException {
        EventLog log = EventLogs.open(EventLogConfig.builder().path(dir).durability(mode).build());
        for (int i = 0; i < n; i++) {
            Entry e = log.append(Event.builder("wal").payload(Map.of("i", i, "pad", "w".repeat(i % 200))).build());
            line("ACK " + e.seq() + " " + e.hash());
        }
        line("DONE " + log.head().seq() + " " + log.head().hash());
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * Appends 30,000 entries of 300 random bytes (they resist compression) to a log that keeps the newest 2,000 and
     * gives no space back by itself, cuts, prints {@code CUT <logStartSeq>} and waits to be killed: the space of
     * the cuts is the next writer's to give back.
     */
    private static void cutThenWait(Path dir) throws InterruptedException {
        EventLog log = EventLogs.open(EventLogConfig.builder().path(dir).durability(Durability.WAL).maxEntries(2000)
                .reclaimInBackground(false).build());
        java.util.Random rnd = new java.util.Random(17);
        for (int b = 0; b < 30; b++) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                byte[] noise = new byte[300];
                rnd.nextBytes(noise);
                events.add(Event.builder("bulk").uuid("u-" + (b * 1000 + i + 1))
                        .payload(Map.of("noise", java.util.Base64.getEncoder().encodeToString(noise))).build());
            }
            log.appendBatch(events);
        }
        line("CUT " + log.applyRetention());
        Thread.sleep(Long.MAX_VALUE);
    }

    static String oneLine(String s) {
        return s == null ? "(no message)" : s.replace('\n', ' ').replace('\r', ' ');
    }

    private static void line(String s) {
        out.println(s);
        out.flush();
    }
}
