package dev.chainlog.kafka;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.IntegrityReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forwarder's exactly-once across crashes: an application (a child JVM, {@link ForwardingChild}) appends and
 * forwards and is killed with SIGKILL at a random moment after it started forwarding — while fencing, resuming, or
 * mid-transaction — then
 * started again, round after round ({@code -Dchainlog.kafka.crashRounds}, 12 by default). At the end the topic holds
 * every entry of the log exactly once, in order, the chain intact, and every acknowledged append.
 */
class ForwarderCrashTest {
    private static final int ROUNDS = Integer.getInteger("chainlog.kafka.crashRounds", 12);
    @RegisterExtension
    static final KafkaTestCluster cluster = KafkaTestCluster.perClass(1);

    @Test
    void sigkilledForwardersLoseAndDuplicateNothing() throws Exception {
        long seed = Long.getLong("chainlog.kafka.seed", System.nanoTime());
        Random random = new Random(seed);
        String topic = "crash-" + System.nanoTime();
        cluster.createTopic(topic, 2, 1, Map.of());
        Path dir = TestLogs.folder("crash");
        AtomicLong maxAcked = new AtomicLong();
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long delay = 100 + random.nextInt(1400);
            Process child = child(dir, topic, "run", "round-" + round);
            CountDownLatch ready = new CountDownLatch(1);
            AtomicLong acked = follow(child, maxAcked, ready);
            assertTrue(ready.await(60, TimeUnit.SECONDS), "the child opened its log and started forwarding");
            Thread.sleep(delay); // from then on: while the forwarder fences, finds its resume point, or ships
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            rounds.add("round " + round + ": killed " + delay + " ms after it started forwarding, last acked "
                    + acked.get());
        }
        Process last = child(dir, topic, "finish", "finish");
        follow(last, maxAcked, new CountDownLatch(1));
        assertTrue(last.waitFor(180, TimeUnit.SECONDS), "the last child finishes");
        assertEquals(0, last.exitValue(), "the last child exits cleanly (stderr in " + dir.getParent() + ")");

        try (EventLog log = TestLogs.open(dir)) {
            IntegrityReport local = log.verify();
            assertTrue(local.ok(), local::summary);
            long head = log.head().seq();
            assertTrue(head >= maxAcked.get(), "every acknowledged append is in the log");
            TopicReport report = TopicVerifier.verify(cluster.bootstrap(), topic, List.of(), Map.of(), Duration.ofSeconds(60));
            assertTrue(report.ok(), () -> "seed " + seed + "\n" + String.join("\n", rounds) + "\n" + report.summary());
            LogStreamReport stream = report.log(log.logId()).orElseThrow();
            assertEquals(head, stream.entries().checked(), "every entry exactly once");
            assertEquals(log.head(), stream.entries().head(), "the topic ends at the log's head, same hash");
            System.out.printf("ForwarderCrashTest: %d SIGKILL rounds (seed %d), %d entries forwarded exactly once, "
                    + "max acked %d%n  %s%n", ROUNDS, seed, head, maxAcked.get(), String.join("\n  ", rounds));
        }
    }

    private static Process child(Path dir, String topic, String mode, String name) throws IOException {
        Path err = dir.resolveSibling(dir.getFileName() + "-" + name + ".stderr");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), ForwardingChild.class.getName(),
                dir.toString(), cluster.bootstrap(), topic, mode);
        return new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    }

    /** Reads the child's {@code acked} lines in the background; returns the last acked seq as it moves. */
    private static AtomicLong follow(Process child, AtomicLong maxAcked, CountDownLatch ready) {
        AtomicLong acked = new AtomicLong();
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("ready ")) {
                        ready.countDown();
                    } else if (line.startsWith("acked ")) {
                        long seq = Long.parseLong(line.substring(6));
                        acked.set(seq);
                        maxAcked.accumulateAndGet(seq, Math::max);
                    }
                }
            } catch (IOException e) {
                // the child was killed
            }
        }, "child-stdout");
        t.setDaemon(true);
        t.start();
        return acked;
    }
}
