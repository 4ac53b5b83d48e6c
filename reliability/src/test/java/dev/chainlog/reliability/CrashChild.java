package dev.chainlog.reliability;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.RequestIdConflictException;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The process {@link CrashLoopTest} kills with SIGKILL. Opens the log and appends from three threads until killed:
 * single events, atomic batches under a request id, and idempotent retries (a request, then the same request again,
 * which must return the same entries). A fourth thread runs the round's scenario: retention cuts in a loop, backups
 * in a loop, or close-and-reopen in a loop.
 *
 * <p>Arguments are {@code key=value}: {@code dir}, {@code mode} (SYNC|WAL|NONE), {@code scenario}
 * (APPEND|RETENTION|BACKUP|CLOSE), {@code tag} (unique per round, prefixes request ids), {@code seed}, and for
 * RETENTION {@code maxEntries} or {@code ttlMs}, for BACKUP {@code backups} (the folder backups go into).
 *
 * <p>Protocol, one flushed stdout line each (a line cut by the kill lacks its final {@code .} and is ignored):
 * <pre>
 * READY head logStartSeq
 * SENT reqId                                  before a request with an id is appended
 * ACK reqId|- durable(0|1) seq:hash:ts[,seq:hash:ts...] .   once the append returned (acknowledged)
 * RETRY reqId .                               the retry returned the same entries
 * CUT_START / CUT logStartSeq .               around applyRetention()
 * BACKUP_START name / BACKUP name .           around backup(backups/name)
 * CLOSING / CLOSED . / REOPENED head start .  around close() and the next open
 * BUG text                                    a violation seen inside the child: the parent fails the round
 * </pre>
 * {@code durable=1} marks an append made with {@code withDurability(SYNC)}: in NONE mode it is followed by a flush,
 * so it and every entry before it must survive the kill.
 */
public final class CrashChild {
    private static PrintStream out;
    private static volatile EventLog log;
    private static EventLogConfig config;
    private static String scenario;

    private CrashChild() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : argv) {
            int eq = s.indexOf('=');
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        Durability mode = Durability.valueOf(a.get("mode"));
        scenario = a.get("scenario");
        String tag = a.get("tag");
        long seed = Long.parseLong(a.get("seed"));
        EventLogConfig.Builder b = EventLogConfig.builder().path(Path.of(a.get("dir"))).durability(mode);
        if (a.containsKey("maxEntries")) {
            b.maxEntries(Long.parseLong(a.get("maxEntries"))).retentionInterval(Duration.ofMillis(50));
        }
        if (a.containsKey("ttlMs")) {
            b.ttl(Duration.ofMillis(Long.parseLong(a.get("ttlMs")))).retentionInterval(Duration.ofMillis(50));
        }
        config = b.build();
        log = EventLogs.open(config);
        line("READY " + log.head().seq() + " " + log.logStartSeq());

        Thread singles = thread("s", () -> singles(tag, new Random(seed ^ 1)));
        Thread batches = thread("b", () -> batches(tag, new Random(seed ^ 2)));
        Thread retries = thread("r", () -> retries(tag, new Random(seed ^ 3)));
        Random rnd = new Random(seed ^ 4);
        switch (scenario) {
            case "RETENTION" -> thread("cut", () -> cuts(rnd));
            case "BACKUP" -> thread("backup", () -> backups(Path.of(a.get("backups")), tag, rnd));
            case "CLOSE" -> thread("close", () -> closes(rnd));
            case "APPEND" -> {
            }
            default -> throw new IllegalArgumentException(scenario);
        }
        singles.join(); // until killed
        batches.join();
        retries.join();
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread thread(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                bug("thread " + name + " died: " + e);
                e.printStackTrace();
            }
        }, name);
        t.start();
        return t;
    }

    private static void singles(String tag, Random rnd) throws InterruptedException {
        for (long n = 0; ; n++) {
            boolean durable = rnd.nextInt(40) == 0;
            AppendRequest r = AppendRequest.of(Workload.single(tag, n));
            if (durable) {
                r = r.withDurability(Durability.SYNC);
            }
            List<Entry> got = appendOrSkip(r);
            if (got != null) {
                ack("-", durable, got);
            }
        }
    }

    private static void batches(String tag, Random rnd) throws InterruptedException {
        for (long n = 0; ; n++) {
            String id = Workload.requestId(tag, "b", n, 1 + rnd.nextInt(5), rnd.nextInt(4) == 0);
            boolean durable = rnd.nextInt(40) == 0;
            AppendRequest r = Workload.request(id);
            if (durable) {
                r = r.withDurability(Durability.SYNC);
            }
            line("SENT " + id);
            ack(id, durable, appendRetrying(r));
        }
    }

    private static void retries(String tag, Random rnd) throws InterruptedException {
        for (long n = 0; ; n++) {
            String id = Workload.requestId(tag, "r", n, 1 + rnd.nextInt(3), rnd.nextInt(3) == 0);
            line("SENT " + id);
            List<Entry> first = appendRetrying(Workload.request(id));
            ack(id, false, first);
            List<Entry> again;
            try {
                again = appendRetrying(Workload.request(id));
            } catch (RequestIdConflictException e) {
                if (scenario.equals("RETENTION") && e.getMessage().contains("pruned")) {
                    continue; // retention cut into the first application meanwhile: documented (FORMAT.md §8)
                }
                throw e;
            }
            if (!again.equals(first)) {
                long start = log.logStartSeq();
                if (scenario.equals("RETENTION") && first.get(first.size() - 1).seq() < start) {
                    ack(id, false, again); // the first application was pruned whole: the id was forgotten
                    continue;
                }
                bug("retry of " + id + " returned " + seqs(again) + " instead of " + seqs(first));
            } else {
                line("RETRY " + id + " .");
            }
        }
    }

    /** Appends; in the CLOSE scenario waits out a close and retries the same request (same id) on the new log. */
    private static List<Entry> appendRetrying(AppendRequest r) throws InterruptedException {
        while (true) {
            EventLog l = log;
            try {
                return l.append(r);
            } catch (LogClosedException e) {
                if (!scenario.equals("CLOSE")) {
                    throw e;
                }
                while (log == l) {
                    Thread.sleep(1);
                }
            }
        }
    }

    /** Appends; an append refused because the log was closed under it (CLOSE scenario) is dropped. */
    private static List<Entry> appendOrSkip(AppendRequest r) throws InterruptedException {
        EventLog l = log;
        try {
            return l.append(r);
        } catch (LogClosedException e) {
            if (!scenario.equals("CLOSE")) {
                throw e;
            }
            while (log == l) {
                Thread.sleep(1);
            }
            return null;
        }
    }

    private static void cuts(Random rnd) throws InterruptedException {
        while (true) {
            line("CUT_START");
            long start = log.applyRetention();
            line("CUT " + start + " .");
            Thread.sleep(rnd.nextInt(30));
        }
    }

    private static void backups(Path dir, String tag, Random rnd) throws InterruptedException {
        for (int n = 0; n < 40; n++) {
            Thread.sleep(20 + rnd.nextInt(120));
            String name = "b-" + tag + "-" + n;
            line("BACKUP_START " + name);
            log.backup(dir.resolve(name));
            line("BACKUP " + name + " .");
        }
    }

    private static void closes(Random rnd) throws InterruptedException {
        while (true) {
            Thread.sleep(50 + rnd.nextInt(400));
            line("CLOSING");
            log.close();
            line("CLOSED .");
            EventLog next = EventLogs.open(config);
            line("REOPENED " + next.head().seq() + " " + next.logStartSeq() + " .");
            log = next;
        }
    }

    private static String seqs(List<Entry> entries) {
        return entries.stream().map(e -> e.seq() + ":" + e.hash().substring(0, 8)).toList().toString();
    }

    private static void ack(String id, boolean durable, List<Entry> entries) {
        StringBuilder sb = new StringBuilder("ACK ").append(id).append(durable ? " 1 " : " 0 ");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            sb.append(i == 0 ? "" : ",").append(e.seq()).append(':').append(e.hash()).append(':').append(e.ts());
        }
        line(sb.append(" .").toString());
    }

    private static void bug(String text) {
        line("BUG " + text.replace('\n', ' '));
    }

    private static void line(String s) {
        synchronized (out) {
            out.println(s);
            out.flush();
        }
    }
}
