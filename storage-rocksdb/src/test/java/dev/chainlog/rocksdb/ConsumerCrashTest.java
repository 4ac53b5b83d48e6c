package dev.chainlog.rocksdb;

import dev.chainlog.api.DurableConsumer;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.chainlog.contract.TestKit.all;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Durable consumers across SIGKILL (docs/DESIGN.md: Durable consumers): a child JVM consumes and commits, or derives
 * one output per input in the same write as its commit, and is killed at a random moment, round after round, on one
 * log. After each kill: every commit the child saw return survived; a new handle resumes exactly after the committed
 * position (nothing committed is delivered again, nothing after it is skipped); the state rebuilt from the child's
 * latest snapshot and the replayed tail equals a full replay; in derive mode every input up to the position has
 * exactly one output and none after it has any.
 */
class ConsumerCrashTest {
    private static final long SEED = Long.getLong("chainlog.test.seed", System.nanoTime());
    private static final int ROUNDS = Integer.getInteger("chainlog.consumer.crash.rounds", 13);

    @TempDir
    Path tmp;

    @Test
    void aConsumerThatCommitsResumesExactlyAfterItsLastCommitAcrossKills() throws Exception {
        Path dir = tmp.resolve("log");
        Random rnd = new Random(SEED);
        try (EventLog log = TestLogs.open(dir)) {
            for (int i = 0; i < 40; i++) {
                log.appendBatch(java.util.Collections.nCopies(500, Event.of("e")));
            }
        }
        long lastCommitted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String ctx = "seed " + SEED + ", commit round " + round;
            List<String> lines = runAndKill(dir, "commit", 10 + rnd.nextInt(200), ctx);
            long acked = lastCommitted;
            for (String l : lines) {
                String[] p = l.split(" ");
                if (p.length == 3 && p[0].equals("COMMITTED") && p[2].equals(".")) {
                    acked = Math.max(acked, Long.parseLong(p[1]));
                }
            }
            try (EventLog log = TestLogs.open(dir)) {
                DurableConsumer c = log.consumer("c");
                long position = c.committed().seq();
                assertTrue(position >= acked, ctx + ": commit of " + acked + " acknowledged, position " + position);
                assertTrue(position >= lastCommitted, ctx + ": the position moved back");
                List<Entry> next = c.poll(5);
                if (position < log.head().seq()) {
                    assertEquals(position + 1, next.get(0).seq(), ctx + ": resumes exactly after the position");
                }
                lastCommitted = position;
                // the state rebuilt from the latest snapshot and the replayed tail is the state of a full replay
                long[][] rebuilt = {{0, 0}};
                log.replay("c-state", s -> {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(s.state());
                    rebuilt[0] = new long[] {b.getLong(), b.getLong()};
                }, e -> rebuilt[0] = new long[] {rebuilt[0][0] + 1, rebuilt[0][1] + e.seq()});
                long head = log.head().seq();
                assertEquals(head, rebuilt[0][0], ctx + ": entries counted by snapshot + replay");
                assertEquals(head * (head + 1) / 2, rebuilt[0][1], ctx + ": sum of seqs by snapshot + replay");
            }
        }
        assertTrue(lastCommitted > 0, "the children committed something");
    }

    @Test
    void outputsAppendedWithTheCommitAreNeverLostNorDoubledAcrossKills() throws Exception {
        Path dir = tmp.resolve("log");
        Random rnd = new Random(SEED + 1);
        try (EventLog log = TestLogs.open(dir)) {
            log.appendBatch(java.util.Collections.nCopies(4_000, Event.of("in")));
        }
        for (int round = 0; round < ROUNDS; round++) {
            String ctx = "seed " + SEED + ", derive round " + round;
            runAndKill(dir, "derive", 10 + rnd.nextInt(300), ctx);
            try (EventLog log = TestLogs.open(dir)) {
                long position = log.consumer("d").committed().seq();
                Map<Long, Integer> outputs = new HashMap<>();
                List<Long> inputs = new ArrayList<>();
                for (Entry e : all(log)) {
                    if (e.kind().equals("out")) {
                        long of = e.payload().get("of").asLong();
                        outputs.merge(of, 1, Integer::sum);
                    } else {
                        inputs.add(e.seq());
                    }
                }
                for (long in : inputs) {
                    int n = outputs.getOrDefault(in, 0);
                    if (in <= position && n != 1) {
                        fail(ctx + ": input " + in + " (at or before the position " + position + ") has " + n + " outputs");
                    }
                    if (in > position && n != 0) {
                        fail(ctx + ": input " + in + " (after the position " + position + ") has " + n + " outputs");
                    }
                }
            }
        }
    }

    /** Starts a child, kills it after {@code killAfter} lines of progress (or at the head), returns its lines. */
    private List<String> runAndKill(Path dir, String mode, int killAfter, String ctx) throws Exception {
        Path stderr = tmp.resolve("child-stderr.txt");
        Process child = TestLogs.childJvm(tmp, ConsumerCrashChild.class, dir.toString(), mode.equals("commit") ? "c" : "d",
                mode).redirectError(stderr.toFile()).start();
        List<String> lines = new ArrayList<>();
        Thread watchdog = new Thread(() -> { // a child at the head prints nothing more: kill it anyway
            try {
                Thread.sleep(20_000);
                child.toHandle().destroyForcibly();
            } catch (InterruptedException done) {
                // killed already
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = in.readLine();
            assertNotNull(ready, () -> ctx + ": the child died before opening the log: " + TestLogs.stderr(stderr));
            String line;
            while (lines.size() < killAfter && (line = in.readLine()) != null) {
                lines.add(line);
            }
            child.toHandle().destroyForcibly(); // SIGKILL; keep our end of the pipe to read what was acknowledged
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), ctx + ": the child did not die");
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } finally {
            watchdog.interrupt();
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), () -> ctx + ": the child ended on its own: " + TestLogs.stderr(stderr));
        return lines;
    }
}
