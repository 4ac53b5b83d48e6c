package dev.chainlog.cli;

import dev.chainlog.kafka.KafkaTestCluster;
import dev.chainlog.kafka.TopicVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka commands as a user runs them (the built jar, one process each) against a real broker in this JVM:
 * forward, verify-kafka, restore, then the restored log forwarded again; a checkpoint signed before the loss verifies
 * against the restored log; a follow-mode forwarder stops on SIGTERM; a log rewritten under the forwarder exits 1.
 */
class KafkaWorkflowIT {
    @RegisterExtension
    static final KafkaTestCluster cluster = KafkaTestCluster.perClass(1);

    @TempDir
    Path tmp;

    @Test
    void forwardVerifyRestoreAndGoOn() throws Exception {
        String topic = "audit-" + System.nanoTime();
        cluster.createTopic(topic, 3, 1, Map.of());
        Path log = Cli.seed(tmp.resolve("audit"), 40);
        String logId = Cli.json(Cli.run("head", "--log", log.toString(), "--json").out()).get("logId").asText();
        assertEquals(0, Cli.run("keygen", "--out", tmp.resolve("ops").toString()).exit());
        Path note = tmp.resolve("cp.note");
        Cli.Result cp = Cli.run("checkpoint", "--log", log.toString(), "--key", tmp.resolve("ops.key").toString(),
                "--name", "audit.example/ops", "--out", note.toString());
        assertEquals(0, cp.exit(), cp.err());

        Cli.Result fwd = Cli.run("forward", "--log", log.toString(), "--bootstrap", cluster.bootstrap(), "--topic", topic,
                "--once", "--json");
        assertEquals(0, fwd.exit(), fwd.err());
        assertEquals(40, Cli.json(fwd.out()).get("forwardedSeq").asLong());

        Cli.Result verified = Cli.run("verify-kafka", "--bootstrap", cluster.bootstrap(), "--topic", topic);
        assertEquals(0, verified.exit(), verified.out() + verified.err());
        assertTrue(verified.out().startsWith("OK: topic " + topic + ", 40 records, 1 log(s)"), verified.out());

        // The machine is lost; the log comes back from the topic on a new folder.
        Path restored = tmp.resolve("restored");
        Cli.Result restore = Cli.run("restore", "--from-kafka", cluster.bootstrap(), "--topic", topic, "--log-id", logId,
                "--log", restored.toString(), "--json");
        assertEquals(0, restore.exit(), restore.err());
        assertEquals(40, Cli.json(restore.out()).get("seq").asLong());
        Cli.Result again = Cli.run("verify", "--log", restored.toString(), "--checkpoint", note.toString(),
                "--pubkey", tmp.resolve("ops.pub").toString());
        assertEquals(0, again.exit(), again.out() + again.err());

        Cli.Result refused = Cli.run("restore", "--from-kafka", cluster.bootstrap(), "--topic", topic, "--log-id", logId,
                "--log", restored.toString());
        assertEquals(2, refused.exit(), "the folder is not new");

        Cli.seedMore(restored, 5);
        Cli.Result goOn = Cli.run("forward", "--log", restored.toString(), "--bootstrap", cluster.bootstrap(),
                "--topic", topic, "--once", "--json");
        assertEquals(0, goOn.exit(), goOn.err());
        assertEquals(45, Cli.json(goOn.out()).get("forwardedSeq").asLong());
        Cli.Result json = Cli.run("verify-kafka", "--bootstrap", cluster.bootstrap(), "--topic", topic, "--log-id", logId,
                "--json");
        assertEquals(0, json.exit(), json.out());
        assertEquals(45, Cli.json(json.out()).get("logs").get(0).get("entries").get("checked").asLong());
    }

    @Test
    void aFollowingForwarderShipsNewEntriesAndStopsOnSigterm() throws Exception {
        String topic = "follow-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1, Map.of());
        Path log = Cli.seed(tmp.resolve("follow"), 3);
        Path errFile = tmp.resolve("forward.err");
        Process forwarder = new ProcessBuilder(Cli.command("forward", "--log", log.toString(), "--bootstrap",
                cluster.bootstrap(), "--topic", topic, "--progress-every", "1s"))
                .redirectError(errFile.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            waitForRecords(topic, 3);
        } finally {
            forwarder.destroy(); // SIGTERM: the shutdown hook closes the forwarder, then the log
            assertTrue(forwarder.waitFor(60, TimeUnit.SECONDS));
        }
        String err = Files.readString(errFile);
        assertTrue(err.contains("stopped, forwarded seq 3 of 3"), "exit " + forwarder.exitValue() + ": " + err);
        Cli.Result verified = Cli.run("verify-kafka", "--bootstrap", cluster.bootstrap(), "--topic", topic);
        assertEquals(0, verified.exit(), verified.out());
    }

    @Test
    void aLogReplacedUnderTheForwarderExitsOne() throws Exception {
        String topic = "replaced-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1, Map.of());
        Path log = Cli.seed(tmp.resolve("first"), 10);
        String logId = Cli.json(Cli.run("head", "--log", log.toString(), "--json").out()).get("logId").asText();
        assertEquals(0, Cli.run("forward", "--log", log.toString(), "--bootstrap", cluster.bootstrap(), "--topic", topic,
                "--once").exit());
        Path export = tmp.resolve("first-5.jsonl");
        try (var out = Files.newOutputStream(export)) {
            out.write(Cli.run("export", "--log", log.toString()).out().lines().limit(5)
                    .reduce("", (a, b) -> a + b + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path other = tmp.resolve("other");
        assertEquals(0, Cli.run("import", export.toString(), "--log", other.toString(), "--log-id", logId).exit());
        Cli.seedMore(other, 8);
        Cli.Result r = Cli.run("forward", "--log", other.toString(), "--bootstrap", cluster.bootstrap(), "--topic", topic,
                "--once");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("rewritten or replaced under the forwarder"), r.err());
        assertFalse(r.err().contains("Exception"), "a message, not a stack trace: " + r.err());
    }

    /** Polls the topic in this JVM (a command per poll would cost a JVM start each). */
    private static void waitForRecords(String topic, long n) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (TopicVerifier.verify(cluster.bootstrap(), topic, List.of(), Map.of(), Duration.ofSeconds(30)).records() >= n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the topic never held " + n + " records");
    }
}
