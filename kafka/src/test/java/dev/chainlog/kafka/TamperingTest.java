package dev.chainlog.kafka;

import dev.chainlog.api.CheckpointReport;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.chain.Hashes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifying consumer names what was done to a topic. A log of 100 entries with a checkpoint every 25 is
 * forwarded once; each case copies its records into a topic of its own with one change, by a plain producer (as
 * an attacker with write access to the topic would), and verifies that copy.
 */
class TamperingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final KafkaTestCluster cluster = KafkaTestCluster.perClass(1);
    private static List<ConsumerRecord<byte[], byte[]>> original;
    private static String logId;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void forwardOnce() throws Exception {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()),
                new ByteArraySerializer(), new ByteArraySerializer());
        String topic = "source-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1, Map.of());
        List<String> notes = new ArrayList<>();
        try (EventLog log = TestLogs.open(TestLogs.folder("tampering"), b -> b.checkpoints(TestLogs.checkpointsEvery(25, notes)));
             KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic).withMaxBatch(10))) {
            logId = log.logId();
            for (int i = 0; i < 100; i += 5) {
                log.appendBatch(TestLogs.events(i, 5));
                assertTrue(f.awaitForwarded(i + 5, WAIT)); // in step, so that every checkpoint is forwarded
            }
            log.append(TestLogs.event(100));
            assertTrue(f.awaitForwarded(101, WAIT));
        }
        original = new ArrayList<>();
        TopicVerifier.read(cluster.bootstrap(), topic, null, Map.of(), WAIT, original::add);
        assertEquals(101 + 4, original.size(), "101 entries and 4 checkpoints");
    }

    @AfterAll
    static void stop() throws Exception {
        producer.close();
    }

    @Test
    void anIntactCopyVerifies() throws Exception {
        LogStreamReport report = copy(records -> records);
        assertTrue(report.ok(), report::summary);
        assertEquals(101, report.entries().checked());
        assertEquals(4, report.checkpoints().findings().size());
        assertTrue(report.checkpoints().findings().stream().allMatch(f -> f.kind() == CheckpointReport.Kind.MATCHES));
    }

    @Test
    void aDroppedRecordIsAGap() throws Exception {
        LogStreamReport report = copy(records -> without(records, entryAt(records, 30)));
        assertEquals(List.of(ProblemKind.SEQUENCE_GAP), kinds(report), report::summary);
        assertEquals(30, report.entries().problems().get(0).seq());
        assertFalse(report.ok());
    }

    @Test
    void aReplayedOldRecordIsADuplicate() throws Exception {
        LogStreamReport report = copy(records -> {
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records);
            out.add(entryAt(records, 70) + 1, records.get(entryAt(records, 10)));
            return out;
        });
        assertEquals(List.of(ProblemKind.DUPLICATE), kinds(report), report::summary);
        assertEquals(10, report.entries().problems().get(0).seq());
    }

    @Test
    void swappedRecordsAreOutOfOrder() throws Exception {
        LogStreamReport report = copy(records -> {
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records);
            int at = entryAt(records, 40);
            out.set(at, records.get(at + 1));
            out.set(at + 1, records.get(at));
            return out;
        });
        assertEquals(List.of(ProblemKind.OUT_OF_ORDER), kinds(report), report::summary);
        assertEquals(40, report.entries().problems().get(0).seq());
    }

    @Test
    void aForgedRecordWithConsistentHeadersBreaksTheChainAfterItAndTheCheckpointsOverIt() throws Exception {
        LogStreamReport report = copy(records -> {
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records);
            int at = entryAt(records, 40);
            ConsumerRecord<byte[], byte[]> real = records.get(at);
            byte[] forged = new String(real.value(), StandardCharsets.UTF_8).replace("\"EUR\"", "\"USD\"")
                    .getBytes(StandardCharsets.UTF_8);
            out.set(at, withValue(real, forged, withHeader(real, ChainlogRecords.HASH,
                    Hashes.hex(Hashes.sha256(forged)))));
            return out;
        });
        assertEquals(List.of(ProblemKind.CHAIN_BREAK), kinds(report), report::summary);
        assertEquals(41, report.entries().problems().get(0).seq(), "the next entry's prev names the real 40");
        List<CheckpointReport.Finding> bad = report.checkpoints().findings().stream().filter(f -> f.kind().problem()).toList();
        assertEquals(3, bad.size(), () -> "the checkpoints of 50, 75 and 100 no longer match: " + report.summary());
        assertTrue(bad.stream().allMatch(f -> f.kind() == CheckpointReport.Kind.CONTENT_MISMATCH));
    }

    @Test
    void aValueChangedUnderItsHeadersIsContentChanged() throws Exception {
        LogStreamReport report = copy(records -> {
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records);
            int at = entryAt(records, 20);
            ConsumerRecord<byte[], byte[]> real = records.get(at);
            byte[] forged = new String(real.value(), StandardCharsets.UTF_8).replace("\"EUR\"", "\"GBP\"")
                    .getBytes(StandardCharsets.UTF_8);
            out.set(at, withValue(real, forged, real.headers()));
            return out;
        });
        assertTrue(kinds(report).contains(ProblemKind.CONTENT_CHANGED), report::summary);
        assertEquals(20, report.entries().problems().get(0).seq());
    }

    @Test
    void aRecordOfANewerFormatIsReportedNotJudgedByThisVersionsRules() throws Exception {
        LogStreamReport report = copy(records -> {
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records);
            int at = entryAt(records, 40);
            ConsumerRecord<byte[], byte[]> real = records.get(at);
            out.set(at, withValue(real, real.value(), withHeader(real, ChainlogRecords.FORMAT, "2")));
            return out;
        });
        assertTrue(kinds(report).contains(ProblemKind.UNREADABLE_VALUE), report::summary);
        assertTrue(report.entries().problems().get(0).detail()
                .contains("chainlog.format 2 is not a record format this version reads"), report::summary);
    }

    @Test
    void aSecondDifferentRecordForASeqIsNamed() throws Exception {
        LogStreamReport report = copy(records -> {
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records);
            ConsumerRecord<byte[], byte[]> real = records.get(entryAt(records, 30));
            byte[] forged = new String(real.value(), StandardCharsets.UTF_8).replace("\"EUR\"", "\"CHF\"")
                    .getBytes(StandardCharsets.UTF_8);
            out.add(entryAt(records, 60), withValue(real, forged, withHeader(real, ChainlogRecords.HASH,
                    Hashes.hex(Hashes.sha256(forged)))));
            return out;
        });
        assertEquals(List.of(ProblemKind.CONTENT_CHANGED), kinds(report), report::summary);
        assertTrue(report.entries().problems().get(0).detail().contains("second, different record for seq 30"));
    }

    @Test
    void aLogIdStartingOverAtSeqOneIsARestart() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> other = new ArrayList<>();
        String otherTopic = "other-" + System.nanoTime();
        cluster.createTopic(otherTopic, 1, 1, Map.of());
        try (EventLog log = TestLogs.open(TestLogs.folder("other"));
             KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), otherTopic))) {
            log.appendBatch(TestLogs.events(500, 5));
            assertTrue(f.awaitForwarded(5, WAIT));
        }
        TopicVerifier.read(cluster.bootstrap(), otherTopic, null, Map.of(), WAIT, other::add);
        LogStreamReport report = copy(records -> {
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records);
            for (ConsumerRecord<byte[], byte[]> r : other) { // another log's records under this log's id
                Headers headers = withHeader(r, ChainlogRecords.LOG_ID, logId);
                ConsumerRecord<byte[], byte[]> renamed = withValue(r, r.value(), headers);
                out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                        36, r.value().length, logId.getBytes(StandardCharsets.UTF_8), r.value(), headers,
                        renamed.leaderEpoch()));
            }
            return out;
        });
        assertEquals(List.of(ProblemKind.LOG_RESTARTED), kinds(report), report::summary);
        assertEquals(5, report.entries().head().seq(), "checked anew from the restart");
    }

    @Test
    void aCheckpointWithABrokenSignatureOrAnUnknownKeyIsNamed() throws Exception {
        LogStreamReport report = copy(records -> {
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records);
            for (int i = 0; i < out.size(); i++) {
                ConsumerRecord<byte[], byte[]> r = out.get(i);
                if (ChainlogRecords.CHECKPOINT.equals(ChainlogRecords.header(r, ChainlogRecords.TYPE))) {
                    String note = new String(r.value(), StandardCharsets.UTF_8);
                    int sig = note.lastIndexOf(' ') + 1;
                    byte[] raw = Base64.getDecoder().decode(note.substring(sig).trim());
                    raw[raw.length - 1] ^= 1;
                    String broken = note.substring(0, sig) + Base64.getEncoder().encodeToString(raw) + "\n";
                    out.set(i, withValue(r, broken.getBytes(StandardCharsets.UTF_8), r.headers()));
                    break;
                }
            }
            return out;
        });
        assertTrue(report.entries().ok(), report::summary);
        assertEquals(CheckpointReport.Kind.BAD_SIGNATURE, report.checkpoints().findings().get(0).kind(), report::summary);

        LogStreamReport unknownKey = copy(records -> records, List.of(new dev.chainlog.checkpoint.NoteVerifier.Key(
                TestLogs.KEY_NAME, dev.chainlog.checkpoint.NoteKeys.generate().getPublic())));
        assertTrue(unknownKey.checkpoints().findings().stream()
                .allMatch(f -> f.kind() == CheckpointReport.Kind.UNTRUSTED || f.kind() == CheckpointReport.Kind.BAD_SIGNATURE),
                unknownKey::summary);
        assertFalse(unknownKey.ok());
    }

    // ---------------------------------------------------------------- helpers

    private static LogStreamReport copy(UnaryOperator<List<ConsumerRecord<byte[], byte[]>>> change) throws Exception {
        return copy(change, TestLogs.trusted());
    }

    private static LogStreamReport copy(UnaryOperator<List<ConsumerRecord<byte[], byte[]>>> change,
                                        List<dev.chainlog.checkpoint.NoteVerifier.Key> trusted) throws Exception {
        String topic = "copy-" + System.nanoTime();
        cluster.createTopic(topic, 1, 1, Map.of());
        for (ConsumerRecord<byte[], byte[]> r : change.apply(original)) {
            producer.send(new ProducerRecord<>(topic, 0, null, r.key(), r.value(), r.headers())).get();
        }
        TopicReport report = TopicVerifier.verify(cluster.bootstrap(), topic, trusted, Map.of(), WAIT);
        return report.log(logId).orElseThrow();
    }

    private static int entryAt(List<ConsumerRecord<byte[], byte[]>> records, long seq) {
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            if (ChainlogRecords.ENTRY.equals(ChainlogRecords.header(r, ChainlogRecords.TYPE))
                    && ChainlogRecords.longHeader(r, ChainlogRecords.SEQ) == seq) {
                return i;
            }
        }
        throw new IllegalArgumentException("no entry " + seq);
    }

    private static List<ConsumerRecord<byte[], byte[]>> without(List<ConsumerRecord<byte[], byte[]>> records, int index) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records);
        out.remove(index);
        return out;
    }

    /** A copy of {@code r}'s headers with {@code name} (every header of that name) replaced by {@code value}. */
    private static Headers withHeader(ConsumerRecord<byte[], byte[]> r, String name, String value) {
        RecordHeaders headers = new RecordHeaders(r.headers().toArray());
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static ConsumerRecord<byte[], byte[]> withValue(ConsumerRecord<byte[], byte[]> r, byte[] value,
                                                            Headers headers) {
        return new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                r.serializedKeySize(), value.length, r.key(), value, headers, r.leaderEpoch());
    }

    private static List<ProblemKind> kinds(LogStreamReport report) {
        return report.entries().problems().stream().map(Problem::kind).distinct().toList();
    }
}
