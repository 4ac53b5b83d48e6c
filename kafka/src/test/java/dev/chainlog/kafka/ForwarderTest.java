package dev.chainlog.kafka;

import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.Head;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forwarder against one real broker: what it writes, how it resumes, and when it stops by itself. */
class ForwarderTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final KafkaTestCluster cluster = KafkaTestCluster.perClass(1);

    private static String topic(String name, int partitions, Map<String, String> configs) {
        String topic = name + "-" + System.nanoTime();
        cluster.createTopic(topic, partitions, 1, configs);
        return topic;
    }

    static List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        TopicVerifier.read(cluster.bootstrap(), topic, null, Map.of(), WAIT, out::add);
        return out;
    }

    @Test
    void everyEntryOnceInOrderVerbatimWithItsHeadersAndTheCheckpoints() throws Exception {
        String topic = topic("order", 3, Map.of());
        List<String> notes = new ArrayList<>();
        try (EventLog log = TestLogs.open(TestLogs.folder("order"), b -> b.checkpoints(TestLogs.checkpointsEvery(100, notes)));
             KafkaForwarder forwarder = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic)
                     .withMaxBatch(64))) {
            for (int i = 0; i < 10; i++) {
                log.appendBatch(TestLogs.events(i * 50L, 50));
            }
            assertTrue(forwarder.awaitForwarded(500, WAIT));
            log.append(TestLogs.event(500));
            assertTrue(forwarder.awaitForwarded(501, WAIT));

            List<ConsumerRecord<byte[], byte[]>> records = records(topic);
            int partition = ChainlogRecords.partitionOf(log.logId(), 3);
            long seq = 0;
            int checkpoints = 0;
            String lastNote = null;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                assertEquals(partition, r.partition(), "every record of the log in its one partition");
                assertEquals(log.logId(), new String(r.key(), StandardCharsets.UTF_8));
                assertEquals(log.logId(), ChainlogRecords.header(r, ChainlogRecords.LOG_ID));
                assertEquals("1", ChainlogRecords.header(r, ChainlogRecords.FORMAT));
                if (ChainlogRecords.CHECKPOINT.equals(ChainlogRecords.header(r, ChainlogRecords.TYPE))) {
                    checkpoints++;
                    lastNote = new String(r.value(), StandardCharsets.UTF_8);
                    assertTrue(notes.contains(lastNote), "a note the log signed");
                    continue;
                }
                seq++;
                Entry e = log.get(seq).orElseThrow();
                assertEquals(seq, ChainlogRecords.longHeader(r, ChainlogRecords.SEQ));
                assertArrayEquals(e.storedValue(), r.value(), "the stored value, verbatim");
                assertEquals(e.hash(), ChainlogRecords.header(r, ChainlogRecords.HASH));
                assertEquals(e.prev(), ChainlogRecords.header(r, ChainlogRecords.PREV));
            }
            assertEquals(501, seq);
            assertEquals(5, notes.size());
            // The forwarder raced the appends: it forwarded the checkpoints it found, the newest (of 500) among them.
            assertEquals(notes.get(4), lastNote, "the newest checkpoint forwarded, after entry 500 or 501");

            TopicReport report = TopicVerifier.verify(cluster.bootstrap(), topic, TestLogs.trusted(), Map.of(), WAIT);
            assertTrue(report.ok(), report::summary);
            LogStreamReport stream = report.log(log.logId()).orElseThrow();
            assertEquals(new Head(501, log.head().hash()), stream.entries().head());
            assertEquals(checkpoints, stream.checkpoints().findings().size());
            assertTrue(stream.checkpoints().findings().stream().allMatch(f -> f.detail().contains("Merkle root")),
                    stream::summary);
        }
    }

    @Test
    void aRestartedForwarderResumesAfterTheLastCommittedEntryAndTheDurableConsumerFollows() throws Exception {
        String topic = topic("resume", 1, Map.of());
        Path dir = TestLogs.folder("resume");
        try (EventLog log = TestLogs.open(dir)) {
            log.appendBatch(TestLogs.events(0, 300));
            try (KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic))) {
                assertTrue(f.awaitForwarded(300, WAIT));
            }
            assertEquals(300, log.consumer(ForwarderConfig.DEFAULT_CONSUMER).committed().seq());
            log.appendBatch(TestLogs.events(300, 200));
            // The durable consumer behind the topic (as after a crash between the Kafka commit and the local one)
            log.consumer(ForwarderConfig.DEFAULT_CONSUMER).commit(log.get(120).orElseThrow());
            try (KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic))) {
                assertTrue(f.awaitForwarded(500, WAIT));
            }
            assertEquals(500, log.consumer(ForwarderConfig.DEFAULT_CONSUMER).committed().seq());
            TopicReport report = TopicVerifier.verify(cluster.bootstrap(), topic, List.of(), Map.of(), WAIT);
            assertTrue(report.ok(), report::summary);
            assertEquals(500, report.log(log.logId()).orElseThrow().entries().checked(), "each entry once");
        }
    }

    @Test
    void aRestartedForwarderDoesNotForwardACheckpointAgain() throws Exception {
        String topic = topic("checkpoint-once", 1, Map.of());
        List<String> notes = new ArrayList<>();
        try (EventLog log = TestLogs.open(TestLogs.folder("checkpoint-once"),
                b -> b.checkpoints(TestLogs.checkpointsEvery(10, notes)))) {
            log.appendBatch(TestLogs.events(0, 10));
            try (KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic))) {
                assertTrue(f.awaitForwarded(10, WAIT));
                for (int i = 0; i < 600 && f.status().checkpointsForwarded() < 1; i++) {
                    Thread.sleep(50); // the checkpoint follows in the same or the next transaction
                }
                assertEquals(1, f.status().checkpointsForwarded());
            }
            try (KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic))) {
                log.appendBatch(TestLogs.events(10, 5));
                assertTrue(f.awaitForwarded(15, WAIT));
                assertEquals(0, f.status().checkpointsForwarded(), "the one forwarded before the restart is not sent again");
            }
            long checkpointRecords = records(topic).stream()
                    .filter(r -> ChainlogRecords.CHECKPOINT.equals(ChainlogRecords.header(r, ChainlogRecords.TYPE))).count();
            assertEquals(1, checkpointRecords);
        }
    }

    @Test
    void aSecondForwarderOfTheLogFencesTheFirst() throws Exception {
        String topic = topic("fence", 1, Map.of());
        try (EventLog log = TestLogs.open(TestLogs.folder("fence"))) {
            log.appendBatch(TestLogs.events(0, 100));
            KafkaForwarder first = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic));
            assertTrue(first.awaitForwarded(100, WAIT));
            try (KafkaForwarder second = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic)
                    .withRetentionHold(0))) {
                assertTrue(second.awaitForwarded(100, WAIT));
                log.appendBatch(TestLogs.events(100, 100));
                assertTrue(second.awaitForwarded(200, WAIT));
                assertTrue(first.await(WAIT), "the fenced one stops");
                assertInstanceOf(ForwarderException.Fenced.class, first.failure().orElseThrow());
            } finally {
                first.close();
            }
            TopicReport report = TopicVerifier.verify(cluster.bootstrap(), topic, List.of(), Map.of(), WAIT);
            assertTrue(report.ok(), report::summary);
            assertEquals(200, report.log(log.logId()).orElseThrow().entries().checked());
        }
    }

    @Test
    void aLogRewrittenUnderTheForwarderStopsItWithAClearError() throws Exception {
        String topic = topic("rewritten", 1, Map.of());
        String logId;
        Path export = Files.createTempFile("first-40-", ".jsonl");
        try (EventLog log = TestLogs.open(TestLogs.folder("original"))) {
            logId = log.logId();
            log.appendBatch(TestLogs.events(0, 50));
            try (KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic))) {
                assertTrue(f.awaitForwarded(50, WAIT));
            }
            try (var out = Files.newOutputStream(export)) {
                log.exportTo(out, 0, 40);
            }
        }
        // The same log id, the same first 40 entries, then other ones: a log replaced under the forwarder.
        try (EventLog forged = TestLogs.open(TestLogs.folder("forged"))) {
            forged.importExport(export, logId);
            forged.appendBatch(TestLogs.events(1000, 20));
            try (KafkaForwarder f = KafkaForwarder.start(forged, ForwarderConfig.of(cluster.bootstrap(), topic))) {
                assertTrue(f.await(WAIT));
                ForwarderException failure = f.failure().orElseThrow();
                assertInstanceOf(ForwarderException.LogRewritten.class, failure);
                assertTrue(failure.getMessage().contains("another entry at seq 50"), failure::getMessage);
                assertEquals(KafkaForwarder.State.FAILED, f.status().state());
            }
        }
        TopicReport report = TopicVerifier.verify(cluster.bootstrap(), topic, List.of(), Map.of(), WAIT);
        assertTrue(report.ok(), report::summary);
        assertEquals(50, report.log(logId).orElseThrow().entries().checked(), "nothing of the forged log forwarded");
    }

    @Test
    void anEntryLargerThanTheTopicAcceptsStopsTheForwarderBeforeIt() throws Exception {
        String topic = topic("large", 1, Map.of("max.message.bytes", "4000"));
        try (EventLog log = TestLogs.open(TestLogs.folder("large"));
             KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic)
                     .withProducerOverrides(Map.of("compression.type", "none")))) {
            log.appendBatch(TestLogs.events(0, 10));
            assertTrue(f.awaitForwarded(10, WAIT));
            log.append(dev.chainlog.api.Event.of("blob", Map.of("data", "x".repeat(20_000))));
            log.appendBatch(TestLogs.events(11, 5));
            assertTrue(f.await(WAIT));
            ForwarderException failure = f.failure().orElseThrow();
            assertInstanceOf(ForwarderException.EntryTooLarge.class, failure);
            assertEquals(11, ((ForwarderException.EntryTooLarge) failure).seq());
            assertTrue(failure.getMessage().contains("max.message.bytes"), failure::getMessage);
            assertEquals(10, f.forwardedSeq());
            TopicReport report = TopicVerifier.verify(cluster.bootstrap(), topic, List.of(), Map.of(), WAIT);
            assertTrue(report.ok(), report::summary);
            assertEquals(10, report.log(log.logId()).orElseThrow().entries().checked(), "none after it, none dropped");
        }
    }

    @Test
    void retentionKeepsWhatIsNotForwardedWhileTheHoldLasts() throws Exception {
        String topic = topic("hold", 1, Map.of());
        try (EventLog log = TestLogs.open(TestLogs.folder("hold"), b -> b.maxEntries(100))) {
            log.appendBatch(TestLogs.events(0, 50));
            try (KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic)
                    .withRetentionHold(10_000))) {
                assertTrue(f.awaitForwarded(50, WAIT));
            }
            log.appendBatch(TestLogs.events(50, 450)); // the forwarder is stopped: 450 entries not forwarded
            log.applyRetention();
            assertEquals(51, log.logStartSeq(), "maxEntries 100 would keep 401.., the hold keeps 51..");
            try (KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic))) {
                assertTrue(f.awaitForwarded(500, WAIT));
            }
            log.applyRetention();
            assertEquals(401, log.logStartSeq(), "once forwarded, retention cuts");
            TopicReport report = TopicVerifier.verify(cluster.bootstrap(), topic, List.of(), Map.of(), WAIT);
            assertTrue(report.ok(), report::summary);
            assertEquals(500, report.log(log.logId()).orElseThrow().entries().checked());
        }
    }

    @Test
    void lagIsReportedAsMeters() throws Exception {
        String topic = topic("lag", 1, Map.of());
        try (EventLog log = TestLogs.open(TestLogs.folder("lag"))) {
            log.appendBatch(TestLogs.events(0, 20));
            KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), "no-such-topic-"
                    + System.nanoTime()).withProducerOverrides(Map.of("max.block.ms", 500)));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ForwarderMetrics.bind(f, registry);
            assertEquals(20.0, registry.get("chainlog.forwarder.lag.entries").gauge().value(),
                    "nothing can be forwarded to a topic that does not exist");
            assertTrue(registry.get("chainlog.forwarder.lag.seconds").gauge().value() > 0);
            assertEquals(0.0, registry.get("chainlog.forwarder.running").gauge().value());
            f.close();

            try (KafkaForwarder g = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic))) {
                ForwarderMetrics.bind(g, registry);
                assertTrue(g.awaitForwarded(20, WAIT));
                var tags = io.micrometer.core.instrument.Tags.of("topic", topic);
                assertEquals(0.0, registry.get("chainlog.forwarder.lag.entries").tags(tags).gauge().value());
                assertEquals(0.0, registry.get("chainlog.forwarder.lag.seconds").tags(tags).gauge().value());
                assertEquals(20.0, registry.get("chainlog.forwarder.forwarded.seq").tags(tags).gauge().value());
                assertTrue(registry.get("chainlog.forwarder.transactions").tags(tags).functionCounter().count() >= 1);
            }
            assertFalse(f.failure().isPresent(), "a topic that is missing is retried, not a failure");
        }
    }

    @Test
    void theConfigRefusesWhatExactlyOnceDependsOn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                ForwarderConfig.of("127.0.0.1:9", "t").withProducerOverrides(Map.of("acks", "1")));
        assertTrue(e.getMessage().contains("acks"));
        assertThrows(IllegalArgumentException.class, () -> ForwarderConfig.of("127.0.0.1:9", " "));
        assertThrows(IllegalArgumentException.class, () -> ForwarderConfig.of("127.0.0.1:9", "t").withMaxBatch(0));
    }
}
