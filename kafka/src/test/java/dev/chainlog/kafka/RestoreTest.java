package dev.chainlog.kafka;

import dev.chainlog.api.CheckpointReport;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.Head;
import dev.chainlog.api.ImportRefusedException;
import dev.chainlog.api.IntegrityReport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A machine lost, its log rebuilt from the topic on a new folder: the same seqs, hashes and log id; it verifies,
 * checkpoints signed before the loss verify against it, appends continue the chain, and a forwarder on the new
 * machine continues the topic where the old one stopped. A topic that does not hold the log whole is refused.
 */
class RestoreTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final KafkaTestCluster cluster = KafkaTestCluster.perClass(1);

    @Test
    void aLostLogIsRebuiltFromTheTopicAndGoesOnAsTheSameLog() throws Exception {
        String topic = "restore-" + System.nanoTime();
        cluster.createTopic(topic, 3, 1, Map.of());
        List<String> notes = new ArrayList<>();
        Path lost = TestLogs.folder("lost");
        String logId;
        Head headAtLoss;
        try (EventLog log = TestLogs.open(lost, b -> b.checkpoints(TestLogs.checkpointsEvery(100, notes)));
             KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic))) {
            logId = log.logId();
            for (int i = 0; i < 450; i += 50) {
                log.appendBatch(TestLogs.events(i, 50));
            }
            assertTrue(f.awaitForwarded(450, WAIT));
            headAtLoss = log.head();
        }
        deleteTree(lost); // the machine is gone
        assertEquals(4, notes.size(), "checkpoints of 100..400, kept by an auditor");

        Path fresh = TestLogs.folder("restored");
        try (EventLog restored = TestLogs.open(fresh)) {
            KafkaRestore.Result result = KafkaRestore.restore(cluster.bootstrap(), topic, logId, restored,
                    TestLogs.trusted(), Map.of(), WAIT, fresh.resolveSibling("scratch"));
            assertEquals(headAtLoss, result.head());
            assertEquals(logId, restored.logId());
            assertTrue(result.checkpointCheck().ok(), result.checkpointCheck()::summary);
            IntegrityReport verified = restored.verify();
            assertTrue(verified.ok(), verified::summary);
            CheckpointReport old = restored.verifyCheckpoints(notes, TestLogs.trusted());
            assertTrue(old.ok(), old::summary);
            assertTrue(old.findings().stream().anyMatch(x -> x.kind() == CheckpointReport.Kind.MATCHES));

            List<Entry> more = restored.appendBatch(TestLogs.events(450, 30));
            assertEquals(451, more.get(0).seq());
            assertEquals(headAtLoss.hash(), more.get(0).prev(), "the same chain goes on");
            try (KafkaForwarder f = KafkaForwarder.start(restored, ForwarderConfig.of(cluster.bootstrap(), topic))) {
                assertTrue(f.awaitForwarded(480, WAIT));
            }
            TopicReport report = TopicVerifier.verify(cluster.bootstrap(), topic, TestLogs.trusted(), Map.of(), WAIT);
            assertTrue(report.ok(), report::summary);
            assertEquals(480, report.log(logId).orElseThrow().entries().checked(), "one stream, each entry once");
        }
    }

    @Test
    void aTopicWithAHoleIsRefusedAndNothingIsWritten() throws Exception {
        String source = "holed-source-" + System.nanoTime();
        String holed = "holed-" + System.nanoTime();
        cluster.createTopic(source, 1, 1, Map.of());
        cluster.createTopic(holed, 1, 1, Map.of());
        String logId;
        try (EventLog log = TestLogs.open(TestLogs.folder("holed"));
             KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), source))) {
            logId = log.logId();
            log.appendBatch(TestLogs.events(0, 60));
            assertTrue(f.awaitForwarded(60, WAIT));
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        TopicVerifier.read(cluster.bootstrap(), source, null, Map.of(), WAIT, records::add);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrap()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (ChainlogRecords.longHeader(r, ChainlogRecords.SEQ) != 33) {
                    producer.send(new ProducerRecord<>(holed, 0, null, r.key(), r.value(), r.headers())).get();
                }
            }
        }
        Path target = TestLogs.folder("refused");
        try (EventLog restored = TestLogs.open(target)) {
            ImportRefusedException e = assertThrows(ImportRefusedException.class, () -> KafkaRestore.restore(
                    cluster.bootstrap(), holed, logId, restored, List.of(), Map.of(), WAIT, target.resolveSibling("scratch")));
            assertTrue(e.getMessage().contains("SEQUENCE_GAP"), e::getMessage);
            assertEquals(0, restored.head().seq(), "nothing written");

            ImportRefusedException none = assertThrows(ImportRefusedException.class, () -> KafkaRestore.restore(
                    cluster.bootstrap(), source, "00000000-0000-4000-8000-000000000000", restored, List.of(), Map.of(),
                    WAIT, target.resolveSibling("scratch")));
            assertTrue(none.getMessage().contains("holds no record"), none::getMessage);
            assertEquals(0, restored.head().seq());
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
