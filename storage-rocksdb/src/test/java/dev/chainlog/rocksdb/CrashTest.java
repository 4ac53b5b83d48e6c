package dev.chainlog.rocksdb;

import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;
import dev.chainlog.chain.Hashes;
import dev.chainlog.contract.TestKit;
import dev.chainlog.tree.DenseTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static dev.chainlog.contract.TestKit.all;
import static dev.chainlog.contract.TestKit.assertChained;
import static dev.chainlog.contract.TestKit.assertIntact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/DESIGN.md: Prefix after crash and Durability by mode, under {@code kill -9}: a child JVM ({@link CrashChild})
 * appends from two threads and is killed with SIGKILL ({@code destroyForcibly}) after a random number of
 * acknowledged entries, again and again on the same folder. After every kill the log must reopen as a gap-free, verified prefix that (in {@code WAL} mode) holds
 * every acknowledged entry with the hash it was acknowledged with, and numbering must continue.
 */
class CrashTest {
    private static final long SEED = Long.getLong("chainlog.crash.seed", System.nanoTime());

    @TempDir
    Path tmp;

    @Test
    void walModeKeepsEveryAcknowledgedEntryAcrossKills() throws Exception {
        crashRounds(Durability.WAL, 12, true);
    }

    /** Without a WAL the newest entries may be lost, but what survives is still a prefix with intact hashes. */
    @Test
    void noneModeRecoversAPrefixAcrossKills() throws Exception {
        crashRounds(Durability.NONE, 3, false);
    }

    private void crashRounds(Durability mode, int rounds, boolean everyAckSurvives) throws Exception {
        Random rnd = new Random(SEED);
        Path dir = tmp.resolve("log");
        Map<Long, String> acked = new TreeMap<>(); // every acknowledged entry of every round
        for (int round = 0; round < rounds; round++) {
            String ctx = "seed " + SEED + ", " + mode + " round " + round;
            int killAfter = everyAckSurvives
                    ? (rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(3000))
                    : CrashChild.FLUSH_EVERY + 100 + rnd.nextInt(2000); // past a flush: something must survive
            Map<Long, String> thisRound = runAndKill(dir, mode, killAfter, ctx);
            acked.putAll(thisRound);

            try (EventLog log = EventLogs.open(TestLogs.config(dir).durability(mode).build())) {
                long head = log.head().seq();
                List<Entry> entries = all(log);
                assertEquals(head, entries.size(), ctx + ": a gap-free prefix from seq 1");
                if (!entries.isEmpty()) {
                    assertEquals(1, entries.get(0).seq(), ctx);
                    assertEquals(log.head().hash(), entries.get(entries.size() - 1).hash(), ctx);
                }
                assertChained(entries);
                assertIntact(log.verify()); // includes the stored tree nodes, recomputed from the entries
                DenseTree dense = new DenseTree();
                entries.forEach(e -> dense.appendLeafData(Hashes.sha256(e.storedValue())));
                assertArrayEquals(dense.root(), log.treeRoot(head), ctx + ": the recomputed Merkle root is the stored tree's");
                for (Map.Entry<Long, String> a : acked.entrySet()) {
                    if (everyAckSurvives || a.getKey() <= head) {
                        assertTrue(a.getKey() <= head, ctx + ": acknowledged seq " + a.getKey() + " lost; head " + head);
                        assertEquals(a.getValue(), entries.get((int) (a.getKey() - 1)).hash(),
                                ctx + ": seq " + a.getKey() + " changed");
                    }
                }
                if (!everyAckSurvives) {
                    acked.keySet().removeIf(s -> s > head); // lost with the memtable; the seq is reassigned below
                }
                Entry next = log.append(TestKit.event(-round));
                assertEquals(head + 1, next.seq(), ctx + ": the counter continues");
                acked.put(next.seq(), next.hash());
            }
        }
        assertTrue(acked.size() > rounds, "acknowledged appends of the children survived (" + acked.size() + ")");
    }

    /** Starts a child on {@code dir}, kills it after {@code killAfter} acknowledged entries, returns them all. */
    private Map<Long, String> runAndKill(Path dir, Durability mode, int killAfter, String ctx)
            throws IOException, InterruptedException {
        Path stderr = tmp.resolve("child-stderr.txt");
        ProcessBuilder pb = TestLogs.childJvm(tmp, CrashChild.class, dir.toString(), mode.name())
                .redirectError(stderr.toFile());
        Process child = pb.start();
        Map<Long, String> acks = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = in.readLine();
            assertNotNull(ready, () -> ctx + ": the child died before opening the log: " + TestLogs.stderr(stderr));
            assertTrue(ready.startsWith("READY "), ctx + ": " + ready);
            String line;
            while (acks.size() < killAfter && (line = in.readLine()) != null) {
                parse(line, acks);
            }
            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the pipe, losing
            // the acknowledgements still in it.
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), ctx + ": the child did not die");
            while ((line = in.readLine()) != null) { // acknowledged before the kill, still in the pipe
                parse(line, acks);
            }
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), () -> ctx + ": the child ended on its own: " + TestLogs.stderr(stderr));
        return acks;
    }

    private static void parse(String line, Map<Long, String> acks) {
        String[] parts = line.split(" ");
        if (parts.length == 4 && parts[0].equals("ACK") && parts[3].equals(".")) { // complete lines only
            acks.put(Long.parseLong(parts[1]), parts[2]);
        }
    }
}
