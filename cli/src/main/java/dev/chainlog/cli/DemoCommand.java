package dev.chainlog.cli;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.ConsistencyProof;
import dev.chainlog.api.DurableConsumer;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.Head;
import dev.chainlog.api.InclusionProof;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.Page;
import dev.chainlog.api.VerifyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The main job on an embedded default: a small simulated audit workload on a local RocksDB folder, then a restart,
 * a verification, a replay and Merkle proofs, then a crash: a writer process ({@link DemoChild}) killed with SIGKILL
 * mid-stream, whose durable consumer resumes exactly after its last commit with its state rebuilt from a snapshot and
 * the replayed tail. A short summary; finishes in seconds.
 *
 * <p>The demo owns its folder: it marks a log it created with {@link #MARKER} and recreates only such a log on the
 * next run. It never deletes anything else — not another log, not a folder of other files.
 */
@Command(name = "demo", description = {"Run a small simulated audit workload, then restart, verify and replay.",
        "Uses ./chainlog-demo (or --log DIR): concurrent writers (a warm-up round, then timed rounds), an idempotent",
        "retry, an atomic batch; then close, reopen, verify, replay, prove; then a writer process killed with",
        "SIGKILL mid-stream, and its durable",
        "consumer's state rebuilt from a snapshot and the replayed tail. Recreates the folder on each run, but only",
        "a log the demo itself created."})
final class DemoCommand extends CliCommand {
    /** The file by which the demo knows a log folder as its own. RocksDB ignores files it does not know. */
    static final String MARKER = "CHAINLOG-DEMO";
    /** The workload runs in rounds until this long has passed before any is timed (the JIT's warm-up). */
    static final long WARM_UP_NANOS = 2_000_000_000L;
    /** Then rounds are timed, at least this many and for at least {@link #TIMED_NANOS}; the median is reported. */
    static final int MIN_TIMED_ROUNDS = 3;
    static final long TIMED_NANOS = 1_500_000_000L;

    @Option(names = {"--log", "--dir"}, defaultValue = "./chainlog-demo", paramLabel = "DIR",
            description = "the demo's log folder (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--writers", defaultValue = "4", description = "concurrent writers (default: ${DEFAULT-VALUE})")
    int writers;

    @Option(names = "--events", defaultValue = "5000", description = "events per writer and round; the demo runs rounds for 2 s of warm-up, then times at least 3 (default: ${DEFAULT-VALUE})")
    int perWriter;

    private final Map<String, Object> summary = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (writers < 1 || perWriter < 1) {
            throw new ChainlogCli.UsageException("--writers and --events must be >= 1");
        }
        recreate(dir);
        EventLogConfig config = EventLogConfig.builder().path(dir).durability(Durability.WAL).build();
        say("chainlog demo: log folder " + dir.toAbsolutePath().normalize() + " (rocksdb, durability WAL)");
        summary.put("log", dir.toAbsolutePath().normalize().toString());

        long appended;
        long nanos;
        long medianRound;
        long fastestRound;
        long slowestRound;
        long warmUpRounds;
        int timedRounds;
        Entry original;
        Entry retried;
        List<Entry> batch;
        Head headBeforeRestart;
        try (EventLog log = OpenLogs.register(EventLogs.open(config))) {
            Files.writeString(dir.resolve(MARKER), "This log was created by `chainlog demo`, which deletes and recreates "
                    + "it on its next run.\n");
            // Warm-up rounds first: a fresh JVM appends several times slower until the JIT has compiled the append
            // path (seconds, on two cores), and the rate a newcomer reads should be the one their service will see.
            int round = 0;
            long[] cold = {0, 0}; // rounds, nanos
            while (cold[1] < WARM_UP_NANOS) {
                cold[1] += concurrentWriters(log, round++);
                cold[0]++;
            }
            List<Long> timed = new ArrayList<>();
            long timedNanos = 0;
            while (timed.size() < MIN_TIMED_ROUNDS || timedNanos < TIMED_NANOS) {
                long n = concurrentWriters(log, round++);
                timed.add(n);
                timedNanos += n;
            }
            appended = (long) writers * perWriter * round;
            warmUpRounds = cold[0];
            nanos = cold[1];
            timed.sort(null);
            timedRounds = timed.size();
            medianRound = timed.get(timed.size() / 2);
            fastestRound = timed.get(0);
            slowestRound = timed.get(timed.size() - 1);
            Event payment = Event.builder("payment.captured").source("billing").payload(Map.of("amount", 4200, "currency", "EUR")).build();
            original = log.append(payment, "invoice-2026-0042");
            retried = log.append(payment, "invoice-2026-0042"); // a client retry after a timeout: applied once
            batch = log.append(new AppendRequest(List.of(Event.of("policy.change", Map.of("rule", "deny *")),
                    Event.of("policy.change", Map.of("rule", "allow admin")),
                    Event.of("policy.published")), "policy-rollout-7", null));
            headBeforeRestart = log.head();
        }
        long round = (long) writers * perWriter;
        double coldRate = round * warmUpRounds / (nanos / 1e9);
        double rate = round / (medianRound / 1e9);
        say(String.format("appended %,d audit events (kind, source, world_id meta, a 3-field payload) from %d concurrent "
                + "writers, each append acknowledged once written to the WAL: warm-up %.1f s (%,d rounds of %,d, "
                + "%,.0f appends/s while the JIT compiles), then %d timed rounds: %,.0f appends/s (the median round; "
                + "%,.0f to %,.0f)", appended, writers, nanos / 1e9, warmUpRounds, round, coldRate, timedRounds, rate,
                round / (slowestRound / 1e9), round / (fastestRound / 1e9)));
        summary.put("appended", appended);
        summary.put("appendsPerSecond", Math.round(rate));
        summary.put("warmUpAppendsPerSecond", Math.round(coldRate));
        say("idempotent retry of invoice-2026-0042: seq " + retried.seq() + " (first applied as seq "
                + original.seq() + ", " + (retried.hash().equals(original.hash()) ? "same hash" : "DIFFERENT HASH") + ")");
        summary.put("retrySameEntry", retried.seq() == original.seq() && retried.hash().equals(original.hash()));
        say("atomic batch policy-rollout-7: seqs " + batch.get(0).seq() + ".." + batch.get(batch.size() - 1).seq());

        IntegrityReport report;
        long replayed = 0;
        boolean chainOk = true;
        try (EventLog log = OpenLogs.register(EventLogs.open(config))) {
            Head head = log.head();
            say("closed and reopened: head " + head.seq() + " " + head.hash()
                    + (head.equals(headBeforeRestart) ? " (unchanged)" : " (CHANGED)"));
            long t0 = System.nanoTime();
            report = log.verify(VerifyOptions.expecting(headBeforeRestart).withDeep(true));
            double verifySeconds = (System.nanoTime() - t0) / 1e9;
            say(String.format("verify (deep, against the head pinned before the restart): %s in %.2f s",
                    report.ok() ? "OK, " + report.checked() + " entries" : "FAILED", verifySeconds));
            if (!report.ok()) {
                say(report.summary());
            }
            String prev = "0".repeat(64);
            t0 = System.nanoTime();
            Page page = log.read(0, 1000);
            while (!page.entries().isEmpty()) {
                for (Entry e : page.entries()) {
                    chainOk &= e.prev().equals(prev);
                    prev = e.hash();
                    replayed++;
                }
                page = log.read(page.nextSince(), 1000);
            }
            say(String.format("replayed %,d entries in seq order in %.2f s, chain %s", replayed,
                    (System.nanoTime() - t0) / 1e9, chainOk ? "intact" : "BROKEN"));
            Entry next = log.append(Event.of("demo.finished"));
            say("appends continue after the restart at seq " + next.seq());
            InclusionProof inclusion = log.inclusionProof(original.seq(), next.seq());
            ConsistencyProof consistency = log.consistencyProof(headBeforeRestart.seq(), next.seq());
            boolean proved = inclusion.verify(original.storedValue()) && consistency.verify();
            say("Merkle proofs (RFC 9162): seq " + original.seq() + " is in the tree of size " + next.seq() + " ("
                    + inclusion.hashes().size() + " hashes), and that tree extends the one of size " + headBeforeRestart.seq()
                    + " (" + consistency.hashes().size() + " hashes): " + (proved ? "both verify" : "FAILED"));
            summary.put("proofsVerify", proved);
        }
        boolean recovered = crashRecovery(config);
        try (EventLog log = OpenLogs.register(EventLogs.open(config))) {
            say("summary: entries " + log.stats().count() + ", head " + log.head().seq() + " " + log.head().hash()
                    + ", verify " + (report.ok() ? "OK" : "FAILED"));
            // The launcher that started this JVM names itself (./chainlog from a clone, chainlog when installed).
            String command = System.getProperty("chainlog.command", "chainlog");
            say("try: " + command + " tail --log " + dir + "   |   " + command + " verify --log " + dir);
            summary.put("verified", report.ok());
            summary.put("replayed", replayed);
            summary.put("chainIntact", chainOk);
            summary.put("head", Map.of("seq", log.head().seq(), "hash", log.head().hash()));
            if (json()) {
                printJson(summary);
            }
            return report.ok() && chainOk && recovered ? ChainlogCli.OK : ChainlogCli.VERIFY_FAILED;
        }
    }

    /**
     * The crash-recovery story: a writer process appends while its durable consumer commits and snapshots its state,
     * and is killed with SIGKILL mid-stream; the log is reopened and verified, and the consumer's state is rebuilt from
     * its latest snapshot plus the committed entries after it — equal to a full replay from seq 1.
     */
    private boolean crashRecovery(EventLogConfig config) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), DemoChild.class.getName(),
                dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread killChild = new Thread(child::destroyForcibly); // Ctrl-C during the demo takes the child with it
        Runtime.getRuntime().addShutdownHook(killChild);
        long lastAck = 0;
        int acks = 0;
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            String line;
            while (acks < 2_737 && System.nanoTime() < deadline && (line = in.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    lastAck = Long.parseLong(line.substring(4));
                    acks++;
                }
            }
            child.toHandle().destroyForcibly(); // SIGKILL, mid-stream
            child.waitFor();
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    lastAck = Long.parseLong(line.substring(4));
                    acks++;
                }
            }
        } finally {
            child.destroyForcibly();
            try {
                Runtime.getRuntime().removeShutdownHook(killChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        say("crash recovery: a writer process (pid " + child.pid() + ") appended " + acks + " events, its consumer "
                + DemoChild.CONSUMER + " committing and snapshotting as it went, and was killed with SIGKILL (exit "
                + child.exitValue() + ")");
        try (EventLog log = OpenLogs.register(EventLogs.open(config))) {
            IntegrityReport report = log.verify();
            boolean acked = log.head().seq() >= lastAck;
            say("reopened after the kill: head " + log.head().seq() + " (every acknowledged append there: "
                    + (acked ? "yes" : "NO, last ack " + lastAck) + "), verify " + (report.ok() ? "OK" : "FAILED"));
            DurableConsumer ledger = log.consumer(DemoChild.CONSUMER);
            long[] state = {0, 0};
            long[] fromSnapshot = {-1};
            long[] replayed = {0};
            long at = ledger.recover(DemoChild.SNAPSHOT, s -> {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(s.state());
                state[0] = b.getLong();
                state[1] = b.getLong();
                fromSnapshot[0] = s.seq();
            }, e -> {
                DemoChild.fold(state, e);
                replayed[0]++;
            });
            long[] full = {0, 0};
            log.replay("none", s -> { }, e -> {
                if (e.seq() <= at) {
                    DemoChild.fold(full, e);
                }
            });
            boolean equal = state[0] == full[0] && state[1] == full[1];
            List<Entry> next = ledger.poll(1);
            say("consumer " + DemoChild.CONSUMER + " resumes after seq " + at + " (its last commit), next entry "
                    + (next.isEmpty() ? "none yet" : "seq " + next.get(0).seq()) + "; its state rebuilt from the snapshot "
                    + "after seq " + fromSnapshot[0] + " + " + replayed[0] + " replayed entries "
                    + (equal ? "equals" : "DIFFERS FROM") + " a full replay from seq 1 (" + full[0] + " entries)");
            summary.put("crashRecovery", Map.of("acknowledged", acks, "head", log.head().seq(), "verified", report.ok(),
                    "resumesAfter", at, "stateEqualsFullReplay", equal));
            return report.ok() && acked && equal && (next.isEmpty() || next.get(0).seq() == at + 1);
        }
    }

    /**
     * One round of the workload: {@code writers} threads appending {@code perWriter} audit events each (round
     * {@code round}'s events: the paths go on from the last round's); returns the nanos taken.
     */
    private long concurrentWriters(EventLog log, int round) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = round * perWriter, end = i + perWriter; i < end; i++) {
                        log.append(Event.builder(i % 10 == 0 ? "user.login" : "file.read").source("service-" + writer)
                                .meta("world_id", "w" + (i % 3))
                                .payload(Map.of("user", "user-" + (i % 97), "path", "/data/" + i, "bytes", i * 31))
                                .build());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return System.nanoTime() - t0;
        } finally {
            pool.shutdownNow();
        }
    }

    private void say(String line) {
        if (!json()) {
            emit(line);
        }
    }

    /**
     * Starts from an empty folder: a missing or empty one is used as it is, a log the demo created (it holds the
     * {@link #MARKER}) is deleted first; anything else is refused, and nothing in it is touched.
     */
    private static void recreate(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new ChainlogCli.UsageException(dir + " is a file; choose another --log for the demo");
        }
        try (Stream<Path> files = Files.list(dir)) {
            if (files.findAny().isEmpty()) {
                return;
            }
        }
        if (!Files.isRegularFile(dir.resolve(MARKER))) {
            throw new ChainlogCli.UsageException(dir + " is not empty and was not created by the demo"
                    + (Files.exists(dir.resolve("CURRENT")) ? " (it holds a log)" : "")
                    + "; the demo deletes only its own log: choose another --log, or remove it yourself");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
