package dev.chainlog.reliability;

import dev.chainlog.api.ConsistencyProof;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.RequestIdConflictException;
import dev.chainlog.api.VerifyOptions;
import dev.chainlog.chain.Hashes;
import dev.chainlog.contract.TestKit;
import dev.chainlog.tree.DenseTree;
import dev.chainlog.tree.Proofs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/DESIGN.md: Sequence, Prefix after crash, Durability by mode, Idempotency and Retention under {@code kill -9},
 * again and again on the same folder: a child JVM ({@link CrashChild})
 * appends from three threads (singles, batches under request ids, idempotent retries) while a fourth runs retention
 * cuts, backups or close/reopen, and is killed with SIGKILL at a random moment: after a random time (which may land
 * in JVM start-up, in open and WAL replay), after a random number of acknowledged entries, or a few milliseconds
 * after a retention cut, a backup or a close began.
 *
 * <p>After every kill the parent reopens the folder and checks:
 * <ul>
 *   <li>the log opens, {@code verify()} is OK (deep every fifth round), entries logStartSeq..head are all readable,
 *       gap-free and chained (docs/DESIGN.md: Prefix after crash);</li>
 *   <li>SYNC and WAL: every acknowledged entry is there with the same seq and hash, unless retention pruned it
 *       — and then it was due (older than the smallest ttl used, or beyond the smallest maxEntries); NONE: what
 *       survives is that prefix, and everything up to the last append made durable (a {@code withDurability(SYNC)}
 *       append, a completed close or backup) survives (docs/DESIGN.md: Durability by mode);</li>
 *   <li>no torn request: every request id's entries are all there or none (bar a pruned front);</li>
 *   <li>retries of acknowledged request ids return the original entries, a retry of a partly pruned one is a
 *       conflict, and nothing is appended by either (docs/DESIGN.md: Idempotency);</li>
 *   <li>logStartSeq never moves back in SYNC/WAL and is at least what the child's last applyRetention returned
 * (docs/DESIGN.md: Retention);</li>
 *   <li>every backup that completed opens, verifies, holds everything acknowledged before it began and agrees with
 *       the log; an interrupted backup never leaves a folder that looks complete but does not open;</li>
 *   <li>the counter continues at head + 1 (docs/DESIGN.md: Sequence).</li>
 * </ul>
 * Rounds: {@code chainlog.reliability.rounds} (CI 30, long profile 600), split over SYNC, WAL and NONE.
 */
@Tag("reliability")
class CrashLoopTest {
    private static final int ROUNDS_PER_FOLDER = 20;
    private static final long STALL_MILLIS = 120_000;

    enum Scenario { APPEND, RETENTION, BACKUP, CLOSE }

    record Acked(String hash, long ts, String requestId) {
    }

    /** What the parent knows about one log folder across rounds. */
    static final class Folder {
        final Durability mode;
        Path dir;
        Path backups;
        int rounds;
        final TreeMap<Long, Acked> acked = new TreeMap<>();
        final Map<String, long[]> requests = new HashMap<>();
        long lastStart = 1;
        /** The tree the parent left before the last child started: its size and root (docs/FORMAT.md §9). */
        long lastTreeSize;
        byte[] lastTreeRoot;
        long minMaxEntries = Long.MAX_VALUE;
        long minTtlMs = Long.MAX_VALUE;

        Folder(Durability mode) {
            this.mode = mode;
        }

        boolean retentionUsed() {
            return minMaxEntries != Long.MAX_VALUE || minTtlMs != Long.MAX_VALUE;
        }
    }

    /** What one child reported before it died. */
    static final class RoundLog {
        boolean ready;
        final List<String[]> acks = new ArrayList<>();
        final Set<String> sent = new HashSet<>();
        final Set<String> ackedIds = new HashSet<>();
        final List<String> bugs = new ArrayList<>();
        long maxAckSeq;
        long durableMark;
        long maxCut;
        int cutsStarted;
        int cutsDone;
        int backupsStarted;
        int closesStarted;
        int closesDone;
        int reopens;
        long entries;
        long retriesInChild;
        final Map<String, Long> backupStartAck = new LinkedHashMap<>();
        final Map<String, Long> backupsDone = new LinkedHashMap<>();
        long maxAckBeforeClosed;
        final List<String> reopenProblems = new ArrayList<>();
    }

    private static final Path ROOT = Settings.outDir().resolve("crash");

    @AfterAll
    static void cleanUp() {
        TestKit.deleteTree(ROOT);
    }

    @Test
    void syncMode() throws Exception {
        loop(Durability.SYNC, Settings.crashRounds() / 3);
    }

    @Test
    void walMode() throws Exception {
        loop(Durability.WAL, Settings.crashRounds() - 2 * (Settings.crashRounds() / 3));
    }

    @Test
    void noneMode() throws Exception {
        loop(Durability.NONE, Settings.crashRounds() / 3);
    }

    private void loop(Durability mode, int rounds) throws Exception {
        long seed = Settings.seed("CrashLoopTest." + mode);
        Random rnd = new Random(seed);
        Folder f = new Folder(mode);
        for (int round = 0; round < rounds; round++) {
            if (f.dir == null || f.rounds >= ROUNDS_PER_FOLDER) {
                if (f.dir != null) {
                    TestKit.deleteTree(f.dir.getParent());
                }
                f = new Folder(mode);
                f.dir = ROOT.resolve(mode + "-" + round).resolve("log");
                f.backups = f.dir.resolveSibling("backups");
                Files.createDirectories(f.backups);
            }
            String ctx = "seed " + seed + ", " + mode + " round " + round + " (folder round " + f.rounds + ")";
            try {
                round(f, round, new Random(rnd.nextLong()), ctx);
            } catch (AssertionError | RuntimeException e) {
                Path kept = Logs.keepForPostMortem(f.dir.getParent(), mode + "-round-" + round);
                throw new AssertionError(ctx + ": " + e.getMessage() + " (folder kept in " + kept + ")", e);
            }
            f.rounds++;
        }
        TestKit.deleteTree(f.dir.getParent());
        assertEquals(0, Figures.get("crash.entries lost (acknowledged under SYNC/WAL, or made durable under NONE)"));
    }

    private void round(Folder f, int round, Random rnd, String ctx) throws Exception {
        Scenario sc = Scenario.values()[pickScenario(rnd)];
        List<String> args = new ArrayList<>(List.of("dir=" + f.dir, "mode=" + f.mode, "scenario=" + sc,
                "tag=" + "r" + round, "seed=" + rnd.nextLong()));
        if (sc == Scenario.RETENTION) {
            if (rnd.nextBoolean()) {
                long max = 100 + rnd.nextInt(2000);
                args.add("maxEntries=" + max);
                f.minMaxEntries = Math.min(f.minMaxEntries, max);
            } else {
                long ttl = 200 + rnd.nextInt(1500);
                args.add("ttlMs=" + ttl);
                f.minTtlMs = Math.min(f.minTtlMs, ttl);
            }
        }
        if (sc == Scenario.BACKUP) {
            args.add("backups=" + f.backups);
        }
        // The kill: after a time (0..2.5 s from start, may land before the log is open), after a number of
        // acknowledged entries, or a few ms after the scenario's operation began.
        int plan = sc == Scenario.APPEND ? rnd.nextInt(2) : rnd.nextInt(5);
        long killAtMillis = plan == 0 ? rnd.nextInt(2500) : -1;
        long killAfterEntries = plan == 1 ? rnd.nextInt(4000) : -1;
        int killAfterOps = plan >= 2 ? 1 + rnd.nextInt(6) : -1;
        boolean afterClosed = sc == Scenario.CLOSE && plan == 4; // lands in the reopen rather than in the close
        long delayMillis = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(15);

        RoundLog r = new RoundLog();
        Path scratch = ROOT.resolve("scratch-" + f.mode);
        String phase;
        long started = System.nanoTime();
        try (Child child = Child.start(CrashChild.class, scratch, List.of("-Xmx256m"), args.toArray(String[]::new))) {
            while (true) {
                long waitMs = STALL_MILLIS;
                if (killAtMillis >= 0) {
                    waitMs = Math.max(0, killAtMillis - (System.nanoTime() - started) / 1_000_000);
                }
                String line = child.poll(waitMs);
                if (line == null) {
                    if (killAtMillis >= 0) {
                        break;
                    }
                    fail(ctx + ": the child made no progress for " + STALL_MILLIS / 1000 + " s (hung?): "
                            + child.stderr());
                }
                if (line.equals(Child.EOF)) {
                    child.awaitExit(60);
                    fail(ctx + ": the child ended on its own (exit " + child.exitValue() + "): " + child.stderr());
                }
                parse(line, r);
                if (killAfterEntries >= 0 && r.entries >= killAfterEntries) {
                    break;
                }
                if (killAfterOps >= 0) {
                    int ops = switch (sc) {
                        case RETENTION -> r.cutsStarted;
                        case BACKUP -> r.backupsStarted;
                        case CLOSE -> afterClosed ? r.closesDone : r.closesStarted;
                        case APPEND -> 0;
                    };
                    if (ops >= killAfterOps) {
                        if (delayMillis > 0) {
                            Thread.sleep(delayMillis);
                        }
                        break;
                    }
                }
            }
            phase = !r.ready ? "before the log was open"
                    : r.cutsStarted > r.cutsDone ? "during a retention cut"
                    : r.backupsStarted > r.backupsDone.size() ? "during a backup"
                    : r.closesStarted > r.closesDone ? "during close"
                    : r.closesDone > r.reopens ? "during reopen" : "while appending";
            child.kill();
            for (String line : child.drain()) {
                if (!line.equals(Child.EOF)) {
                    parse(line, r);
                }
            }
            int exit = child.exitValue();
            assertEquals(137, exit, () -> ctx + ": the child was not killed by the signal (exit " + exit + "): "
                    + child.stderr());
            if (!r.bugs.isEmpty()) {
                fail(ctx + ": the child saw a violation: " + r.bugs + "\n" + child.stderr());
            }
            if (!r.reopenProblems.isEmpty()) {
                fail(ctx + ": " + r.reopenProblems);
            }
        } finally {
            TestKit.deleteTree(scratch);
        }
        Figures.inc("crash.rounds");
        Figures.inc("crash.rounds " + f.mode);
        Figures.inc("crash.kills (SIGKILL)");
        Figures.inc("crash.kills " + phase);
        Figures.add("crash.entries acknowledged by children", r.entries);
        Figures.add("crash.idempotent retries checked inside children", r.retriesInChild);

        System.out.printf("[crash] %s round %d: %s (%s), killed %s after %d acknowledged entries%n", f.mode, round,
                sc, String.join(" ", args.subList(3, args.size())), phase, r.entries);
        CheckResult c = check(f, r, round, rnd, ctx);
        System.out.printf("[crash]   reopened: head %d, logStart %d; %d acknowledged entries checked, %d lost "
                + "(NONE, allowed), %d retries%n", c.head, c.start, c.ackedChecked, c.noneLost, c.retries);
    }

    private static int pickScenario(Random rnd) {
        int x = rnd.nextInt(10);
        return x < 4 ? 0 : x < 6 ? 1 : x < 8 ? 2 : 3;
    }

    private static void parse(String line, RoundLog r) {
        String[] p = line.split(" ");
        switch (p[0]) {
            case "READY" -> r.ready = true;
            case "SENT" -> r.sent.add(p[1]);
            case "ACK" -> {
                if (p.length != 5 || !p[4].equals(".")) {
                    return; // cut short by the kill: the parent does not know it was acknowledged
                }
                String[] entries = p[3].split(",");
                long max = 0;
                for (String e : entries) {
                    max = Math.max(max, Long.parseLong(e.substring(0, e.indexOf(':'))));
                }
                r.acks.add(p);
                r.entries += entries.length;
                r.maxAckSeq = Math.max(r.maxAckSeq, max);
                if (!p[1].equals("-")) {
                    r.ackedIds.add(p[1]);
                }
                if (p[2].equals("1")) {
                    r.durableMark = Math.max(r.durableMark, max);
                }
            }
            case "RETRY" -> r.retriesInChild++;
            case "CUT_START" -> r.cutsStarted++;
            case "CUT" -> {
                if (p.length == 3) {
                    r.cutsDone++;
                    r.maxCut = Math.max(r.maxCut, Long.parseLong(p[1]));
                }
            }
            case "BACKUP_START" -> {
                r.backupsStarted++;
                r.backupStartAck.put(p[1], r.maxAckSeq);
            }
            case "BACKUP" -> {
                if (p.length == 3) {
                    long ackedBefore = r.backupStartAck.getOrDefault(p[1], 0L);
                    r.backupsDone.put(p[1], ackedBefore);
                    r.durableMark = Math.max(r.durableMark, ackedBefore); // the backup flushed the memtables
                }
            }
            case "CLOSING" -> r.closesStarted++;
            case "CLOSED" -> {
                if (p.length == 2) {
                    r.closesDone++;
                    r.maxAckBeforeClosed = r.maxAckSeq;
                    r.durableMark = Math.max(r.durableMark, r.maxAckSeq); // a clean close flushes
                }
            }
            case "REOPENED" -> {
                if (p.length == 4) {
                    r.reopens++;
                    long head = Long.parseLong(p[1]);
                    if (head < r.maxAckBeforeClosed) {
                        r.reopenProblems.add("after a clean close the child reopened at head " + head
                                + " but had acknowledged seq " + r.maxAckBeforeClosed);
                    }
                }
            }
            case "BUG" -> r.bugs.add(line);
            default -> r.bugs.add("unexpected line: " + line);
        }
    }

    record CheckResult(long head, long start, long ackedChecked, long noneLost, long retries) {
    }

    private CheckResult check(Folder f, RoundLog r, int round, Random rnd, String ctx) throws IOException {
        // What this round acknowledged joins what earlier rounds did.
        for (String[] p : r.acks) {
            String id = p[1].equals("-") ? null : p[1];
            String[] entries = p[3].split(",");
            long[] seqs = new long[entries.length];
            for (int i = 0; i < entries.length; i++) {
                String[] e = entries[i].split(":");
                seqs[i] = Long.parseLong(e[0]);
                Acked prev = f.acked.put(seqs[i], new Acked(e[1], Long.parseLong(e[2]), id));
                if (prev != null && !prev.hash().equals(e[1])) {
                    fail(ctx + ": seq " + seqs[i] + " was acknowledged twice with different hashes");
                }
            }
            if (id != null) {
                f.requests.put(id, seqs);
            }
        }
        long nowMicros = System.currentTimeMillis() * 1000;
        long ackedChecked = 0;
        long noneLost = 0;
        long retries = 0;
        try (EventLog log = EventLogs.open(Logs.config(f.dir, f.mode))) {
            Head head = log.head();
            long start = log.logStartSeq();
            boolean deep = f.rounds % 5 == 4;
            IntegrityReport report = log.verify(VerifyOptions.DEFAULT.withDeep(deep));
            TestKit.assertIntact(report, ctx);
            List<Entry> entries = Logs.assertRetainedRange(log, ctx);
            Figures.add("crash.retained entries re-verified after kills (chain, gap-free)", entries.size());

            // docs/DESIGN.md: Retention — the start only moves forward, and a completed cut is persisted (a NONE log
            // may lose a cut).
            if (f.mode != Durability.NONE) {
                assertTrue(start >= f.lastStart, ctx + ": logStartSeq moved back from " + f.lastStart + " to " + start);
                assertTrue(start >= r.maxCut, ctx + ": applyRetention returned logStartSeq " + r.maxCut
                        + " but after the kill it is " + start);
            } else if (start < f.lastStart) {
                Figures.inc("crash.NONE: retention cuts lost by a kill (logStartSeq moved back; allowed)");
            }
            if (start > 1) {
                assertTrue(f.retentionUsed(), ctx + ": entries below " + start + " vanished without retention");
            }

            // docs/DESIGN.md: Durability by mode — every acknowledged entry, with its hash.
            List<Long> lost = new ArrayList<>();
            List<Long> gone = new ArrayList<>();
            for (Map.Entry<Long, Acked> a : f.acked.entrySet()) {
                long seq = a.getKey();
                if (seq < start) {
                    boolean byTtl = f.minTtlMs != Long.MAX_VALUE && a.getValue().ts() < nowMicros - f.minTtlMs * 1000;
                    boolean byCount = f.minMaxEntries != Long.MAX_VALUE && seq <= head.seq() - f.minMaxEntries;
                    assertTrue(byTtl || byCount, ctx + ": seq " + seq + " was pruned although neither the ttl ("
                            + f.minTtlMs + " ms) nor maxEntries (" + f.minMaxEntries + ") asked for it");
                } else if (seq <= head.seq()) {
                    Entry e = entries.get((int) (seq - start));
                    if (!e.hash().equals(a.getValue().hash())) {
                        fail(ctx + ": acknowledged seq " + seq + " has hash " + e.hash() + ", acknowledged as "
                                + a.getValue().hash());
                    }
                    ackedChecked++;
                } else if (f.mode != Durability.NONE || seq <= r.durableMark) {
                    lost.add(seq);
                } else {
                    gone.add(seq);
                }
            }
            if (!lost.isEmpty()) {
                Figures.add("crash.entries lost (acknowledged under SYNC/WAL, or made durable under NONE)", lost.size());
                fail(ctx + ": " + lost.size() + " acknowledged entries lost, seqs " + lost.get(0) + ".."
                        + lost.get(lost.size() - 1) + "; head after the kill " + head.seq()
                        + (f.mode == Durability.NONE ? ", durable up to " + r.durableMark : ""));
            }
            Figures.add("crash.acknowledged entries re-checked after kills (same seq and hash)", ackedChecked);
            Figures.max("crash.largest log checked after a kill (entries)", entries.size());
            noneLost = gone.size();
            Figures.add("crash.NONE: acknowledged entries lost by a kill (allowed: not made durable)", noneLost);
            for (long s : gone) {
                f.acked.remove(s); // lost with the memtable; the seq is assigned again later
            }

            // The Merkle tree after the kill: its stored nodes match the entries (verify, above), it extends the tree
            // the parent left before the child started, and it proves a retained entry.
            if (f.lastTreeRoot != null && f.lastTreeSize >= Math.max(1, start - 1) && f.lastTreeSize <= head.seq()) {
                ConsistencyProof p = log.consistencyProof(f.lastTreeSize, head.seq());
                assertTrue(Proofs.verifyConsistency(f.lastTreeSize, head.seq(), f.lastTreeRoot, p.newRoot(), p.hashes()),
                        ctx + ": the tree after the kill does not extend the tree of size " + f.lastTreeSize + " before it");
                Figures.inc("crash.tree: consistency with the tree before the kill proved");
            }
            if (!entries.isEmpty()) {
                Entry e = entries.get(rnd.nextInt(entries.size()));
                assertTrue(log.inclusionProof(e.seq(), head.seq()).verify(e.storedValue()),
                        ctx + ": no inclusion proof of seq " + e.seq());
            }
            if (start == 1) {
                DenseTree dense = new DenseTree();
                entries.forEach(e -> dense.appendLeafData(Hashes.sha256(e.storedValue())));
                assertArrayEquals(dense.root(), log.treeRoot(head.seq()), ctx + ": the recomputed Merkle root differs");
            }

            retries = checkRequests(f, r, log, head, start, rnd, ctx);

            // docs/DESIGN.md: Sequence — the counter continues.
            long before = log.head().seq();
            Entry next = log.append(Workload.single("parent-r" + round, 0));
            assertEquals(before + 1, next.seq(), ctx + ": the counter continues at head + 1");
            f.acked.put(next.seq(), new Acked(next.hash(), next.ts(), null));
            f.lastTreeSize = next.seq();
            f.lastTreeRoot = log.treeRoot(next.seq());

            checkBackups(f, r, log, ctx);
            f.lastStart = f.mode == Durability.NONE ? start : Math.max(f.lastStart, start);
            return new CheckResult(head.seq(), start, ackedChecked, noneLost, retries);
        }
    }

    /** docs/DESIGN.md: Idempotency, and batch atomicity, on acknowledged and on in-flight request ids. */
    private long checkRequests(Folder f, RoundLog r, EventLog log, Head head, long start, Random rnd, String ctx) {
        long retries = 0;
        // Requests whose entries were lost (NONE) are forgotten; a partial loss is a torn batch.
        for (var it = f.requests.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, long[]> q = it.next();
            long[] seqs = q.getValue();
            int above = 0;
            for (long s : seqs) {
                if (s > head.seq()) {
                    above++;
                }
            }
            if (above > 0 && above < seqs.length) {
                fail(ctx + ": request " + q.getKey() + " is torn: " + (seqs.length - above) + " of " + seqs.length
                        + " entries survived");
            }
            if (above > 0) {
                it.remove();
            }
        }
        List<String> retained = new ArrayList<>();
        List<String> partlyPruned = new ArrayList<>();
        for (Map.Entry<String, long[]> q : f.requests.entrySet()) {
            long[] seqs = q.getValue();
            if (seqs[0] >= start) {
                retained.add(q.getKey());
            } else if (seqs[seqs.length - 1] >= start) {
                partlyPruned.add(q.getKey());
            }
        }
        f.requests.keySet().removeIf(id -> f.requests.get(id)[f.requests.get(id).length - 1] < start);
        Collections.shuffle(retained, rnd);
        Collections.shuffle(partlyPruned, rnd);
        long headBefore = log.head().seq();
        for (String id : retained.subList(0, Math.min(300, retained.size()))) {
            List<Entry> got = log.append(Workload.request(id));
            long[] seqs = f.requests.get(id);
            assertEquals(seqs.length, got.size(), ctx + ": retry of " + id);
            for (int i = 0; i < seqs.length; i++) {
                assertEquals(seqs[i], got.get(i).seq(), ctx + ": retry of " + id + " returned another seq");
                assertEquals(f.acked.get(seqs[i]).hash(), got.get(i).hash(), ctx + ": retry of " + id + " hash");
            }
            retries++;
        }
        for (String id : partlyPruned.subList(0, Math.min(20, partlyPruned.size()))) {
            try {
                List<Entry> got = log.append(Workload.request(id));
                fail(ctx + ": a retry of " + id + ", partly pruned, returned " + got.size() + " entries at seq "
                        + got.get(0).seq() + " instead of a conflict");
            } catch (RequestIdConflictException expected) {
                retries++;
            }
        }
        assertEquals(headBefore, log.head().seq(), ctx + ": retries of applied requests appended something");

        // In flight at the kill (sent, never acknowledged): all of its entries or none.
        int reappended = 0;
        for (String id : r.sent) {
            if (r.ackedIds.contains(id)) {
                continue;
            }
            List<Entry> found = log.findByRequestId(id);
            int k = Workload.size(id);
            if (found.isEmpty()) {
                if (reappended < 5) { // never applied: a retry applies it now, at the head
                    long h = log.head().seq();
                    List<Entry> got = log.append(Workload.request(id));
                    assertEquals(h + 1, got.get(0).seq(), ctx + ": a retry of never-applied " + id);
                    remember(f, id, got);
                    reappended++;
                    retries++;
                }
                continue;
            }
            for (int i = 1; i < found.size(); i++) {
                assertEquals(found.get(i - 1).seq() + 1, found.get(i).seq(), ctx + ": request " + id + " not consecutive");
            }
            if (found.size() != k) {
                assertEquals(log.logStartSeq(), found.get(0).seq(), ctx + ": request " + id + " (in flight at the "
                        + "kill) is torn: " + found.size() + " of " + k + " entries");
                continue;
            }
            List<Entry> got = log.append(Workload.request(id));
            assertEquals(found, got, ctx + ": retry of " + id + " (in flight at the kill, applied)");
            remember(f, id, found);
            retries++;
        }
        Figures.add("crash.idempotent retries checked after kills", retries);
        return retries;
    }

    private static void remember(Folder f, String id, List<Entry> entries) {
        long[] seqs = new long[entries.size()];
        for (int i = 0; i < seqs.length; i++) {
            Entry e = entries.get(i);
            seqs[i] = e.seq();
            f.acked.put(e.seq(), new Acked(e.hash(), e.ts(), id));
        }
        f.requests.put(id, seqs);
    }

    private void checkBackups(Folder f, RoundLog r, EventLog log, String ctx) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(f.backups)) {
            dirs = s.sorted().toList();
        }
        Map<Long, String> mainHashes = new HashMap<>();
        for (Path d : dirs) {
            String name = d.getFileName().toString();
            if (name.endsWith(".tmp")) {
                Figures.inc("crash.interrupted backups left as NAME.tmp (RocksDB checkpoint staging)");
                TestKit.deleteTree(d);
                continue;
            }
            Long ackedBefore = r.backupsDone.get(name);
            try (EventLog b = EventLogs.open(Logs.config(d, f.mode))) {
                TestKit.assertIntact(b.verify(), ctx + ": backup " + name);
                List<Entry> entries = Logs.assertRetainedRange(b, ctx + ": backup " + name);
                if (ackedBefore != null) {
                    assertTrue(b.head().seq() >= ackedBefore, ctx + ": backup " + name + " ends at "
                            + b.head().seq() + " but seq " + ackedBefore + " was acknowledged before it began");
                }
                for (Entry e : entries) {
                    Acked a = f.acked.get(e.seq());
                    if (a != null && e.seq() <= log.head().seq()) {
                        assertEquals(a.hash(), e.hash(), ctx + ": backup " + name + " disagrees at seq " + e.seq());
                    } else if (e.seq() >= log.logStartSeq() && e.seq() <= log.head().seq()) {
                        String h = mainHashes.computeIfAbsent(e.seq(), s -> log.get(s).map(Entry::hash).orElse("?"));
                        assertEquals(h, e.hash(), ctx + ": backup " + name + " disagrees with the log at " + e.seq());
                    }
                }
                assertTrue(b.head().seq() <= log.head().seq(), ctx + ": backup " + name + " is ahead of the log");
                Figures.inc(ackedBefore != null ? "crash.backups checked (completed before the kill)"
                        : "crash.backups checked (finished as the kill landed)");
            } catch (RuntimeException e) {
                throw new AssertionError(ctx + ": backup " + name + (ackedBefore != null ? " (completed)"
                        : " (interrupted by the kill, but under its final name)") + " does not open: " + e, e);
            }
            TestKit.deleteTree(d);
        }
    }
}
