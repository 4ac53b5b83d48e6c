package dev.chainlog.reliability;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The second process of {@link ConcurrencyTest}: opens the log read-only ({@code EventLogs.openReadOnly}, a RocksDB
 * secondary instance) while the parent writes and cuts, and runs the {@link Readers} loops until a line arrives on
 * stdin. Prints {@code READY}, then {@code VIOLATION ...} lines and {@code STATS ...}, then {@code END}.
 */
public final class ReaderChild {
    private ReaderChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        try (EventLog log = EventLogs.openReadOnly(EventLogConfig.builder().path(dir).build())) {
            running = true;
            Readers r = new Readers(log, () -> running, true);
            List<Thread> threads = new ArrayList<>();
            threads.add(new Thread(() -> r.pageReader(seed), "pages"));
            threads.add(new Thread(() -> r.pageReader(seed + 1), "pages-2"));
            threads.add(new Thread(r::tailReader, "tail"));
            threads.add(new Thread(r::verifier, "verify"));
            threads.add(new Thread(r::exporter, "export"));
            threads.forEach(Thread::start);
            System.out.println("READY");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            running = false;
            for (Thread t : threads) {
                t.join();
            }
            for (String v : r.violations) {
                System.out.println("VIOLATION " + v.replace('\n', ' '));
            }
            System.out.println("STATS " + r.figures());
        }
        System.out.println("END");
        System.out.flush();
    }

    private static volatile boolean running;
}
