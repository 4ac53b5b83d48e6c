package dev.chainlog.reliability;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.LogTail;
import dev.chainlog.contract.TestKit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The process {@link ResourceHygieneTest} measures. Arguments: base folder, open/close cycles, entries, cycles per
 * folder. Phase 1 opens and closes a log {@code cycles} times (each time: an append, a page read, a tail; every 25th
 * time also a read-only open), moving to a new folder every {@code cyclesPerFolder} cycles. Phase 2 appends
 * {@code entries} entries to one open log (a new folder) in batches of 100, reading pages as it goes. It samples its
 * own resident memory ({@code VmRSS} in /proc/self/status) and open file descriptors (/proc/self/fd), and prints
 * {@code SAMPLE ...} lines and one {@code RESULT key=value ...} line.
 */
public final class HygieneChild {
    /** Open file descriptors while the log was open, at the last cycle. */
    private static long fdsOpen;

    private HygieneChild() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        int cycles = Integer.parseInt(args[1]);
        int entries = Integer.parseInt(args[2]);
        int perFolder = Integer.parseInt(args[3]);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));

        // Warm-up on a scratch folder: class loading, JIT, RocksDB's static state, the JVM's own descriptors.
        Path warm = base.resolve("warm-up");
        for (int i = 0; i < 30; i++) {
            cycle(warm, i);
        }
        TestKit.deleteTree(warm);
        System.gc();
        long fdsBase = fds();
        long rssBase = rssKiB();
        long secondaryBase = secondaryDirs(tmp);
        long rssHalf = rssBase;
        long maxTableFiles = 0;
        line("SAMPLE openclose 0 fds=" + fdsBase + " rssKiB=" + rssBase);
        Path dir = null;
        for (int i = 1; i <= cycles; i++) {
            if ((i - 1) % perFolder == 0) {
                if (dir != null) {
                    maxTableFiles = Math.max(maxTableFiles, tableFiles(dir));
                    TestKit.deleteTree(dir);
                }
                dir = base.resolve("log-" + i);
            }
            cycle(dir, i);
            if (i == cycles / 2) {
                System.gc();
                rssHalf = rssKiB();
            }
            if (i % Math.max(1, cycles / 10) == 0) {
                line("SAMPLE openclose " + i + " fds=" + fds() + " rssKiB=" + rssKiB() + " fdsWhileOpen=" + fdsOpen
                        + " tableFiles=" + tableFiles(dir));
            }
        }
        maxTableFiles = Math.max(maxTableFiles, tableFiles(dir));
        TestKit.deleteTree(dir);
        System.gc();
        long fdsAfterOpenClose = fds();
        long rssAfterOpenClose = rssKiB();
        long secondaryAfter = secondaryDirs(tmp);

        long rssMaxAppend = rssAfterOpenClose;
        long fdsMaxAppend = fdsAfterOpenClose;
        String pad = "x".repeat(200);
        Path appendDir = base.resolve("append-log");
        try (EventLog log = EventLogs.open(EventLogConfig.builder().path(appendDir).durability(Durability.WAL).build())) {
            long appended = 0;
            long step = Math.max(1, entries / 10);
            long nextSample = step;
            while (appended < entries) {
                List<Event> batch = new ArrayList<>(100);
                for (int j = 0; j < 100 && appended + j < entries; j++) {
                    batch.add(Event.builder("hygiene").source("s" + (j % 5))
                            .payload(Map.of("n", appended + j, "pad", pad)).build());
                }
                log.append(AppendRequest.batch(batch));
                appended += batch.size();
                if (appended % 5_000 == 0) {
                    log.read(Math.max(0, log.head().seq() - 1000), 500); // iterators and pages come and go
                }
                if (appended >= nextSample) {
                    nextSample += step;
                    long rss = rssKiB();
                    long f = fds();
                    rssMaxAppend = Math.max(rssMaxAppend, rss);
                    fdsMaxAppend = Math.max(fdsMaxAppend, f);
                    line("SAMPLE append " + appended + " fds=" + f + " rssKiB=" + rss);
                }
            }
            if (!log.verify().ok()) {
                line("RESULT verify=failed");
                return;
            }
        }
        TestKit.deleteTree(appendDir);
        System.gc();
        line("RESULT fdsBase=" + fdsBase + " fdsAfterOpenClose=" + fdsAfterOpenClose + " fdsMaxAppend=" + fdsMaxAppend
                + " fdsAfterAppend=" + fds() + " rssBase=" + rssBase + " rssHalf=" + rssHalf
                + " rssAfterOpenClose=" + rssAfterOpenClose + " rssMaxAppend=" + rssMaxAppend
                + " rssAfterAppend=" + rssKiB() + " secondaryDirsBase=" + secondaryBase
                + " secondaryDirsAfter=" + secondaryAfter + " maxTableFilesPerFolder=" + maxTableFiles
                + " cycles=" + cycles + " entries=" + entries);
    }

    private static void cycle(Path dir, int i) throws Exception {
        try (EventLog log = EventLogs.open(EventLogConfig.builder().path(dir).durability(Durability.WAL).build())) {
            fdsOpen = fds();
            log.append(Event.of("cycle", Map.of("i", i)));
            log.read(Math.max(0, log.head().seq() - 10), 10);
            try (LogTail tail = log.subscribe(Math.max(0, log.head().seq() - 2))) {
                tail.poll(Duration.ofMillis(1));
            }
        }
        if (i % 25 == 0) {
            try (EventLog ro = EventLogs.openReadOnly(EventLogConfig.builder().path(dir).build())) {
                ro.read(0, 10);
            }
        }
    }

    static long fds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    static long rssKiB() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static long tableFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sst")).count();
        }
    }

    private static long secondaryDirs(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("chainlog-secondary-")).count();
        }
    }

    private static void line(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
