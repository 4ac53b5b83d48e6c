package dev.chainlog.kafka;

import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.checkpoint.NoteVerifier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The verifying consumer: checks, per log id, the records forwarders wrote to a topic — seq continuity, the chain,
 * each value's hash, and each forwarded checkpoint's signature and content ({@link LogStream} says how problems are
 * classified). Use {@link #verify} for a one-shot audit of a whole topic, or feed {@link #accept} from a consumer loop
 * of your own (read_committed, partitions in offset order) and ask for {@link #report()} when you like.
 */
public final class TopicVerifier {
    private final String topic;
    private final List<NoteVerifier.Key> trusted;
    private final Map<String, LogStream> logs = new TreeMap<>();
    private final List<Problem> unattributed = new ArrayList<>();
    private long records;

    /** @param trusted the keys checkpoints must be signed by; empty: signatures are not checked */
    public TopicVerifier(String topic, List<NoteVerifier.Key> trusted) {
        this.topic = topic;
        this.trusted = List.copyOf(trusted);
    }

    public void accept(ConsumerRecord<byte[], byte[]> record) {
        records++;
        if (record.key() == null) {
            if (unattributed.size() < 1000) {
                unattributed.add(Problem.at(ProblemKind.UNREADABLE_VALUE, 0, "partition " + record.partition()
                        + " offset " + record.offset() + ": a record without a key (a log id): not a chainlog record"));
            }
            return;
        }
        String logId = new String(record.key(), StandardCharsets.UTF_8);
        logs.computeIfAbsent(logId, id -> new LogStream(id, trusted)).accept(record);
    }

    public TopicReport report() {
        return new TopicReport(topic, records, logs.values().stream().map(LogStream::report).toList(), unattributed);
    }

    /**
     * Reads every partition of {@code topic} from its start to its last stable offset as it is when called
     * (read_committed: aborted transactions are not seen, as no consumer of the topic sees them) and reports.
     */
    public static TopicReport verify(String bootstrapServers, String topic, List<NoteVerifier.Key> trusted,
                                     Map<String, Object> clientOverrides, Duration timeout) {
        TopicVerifier verifier = new TopicVerifier(topic, trusted);
        read(bootstrapServers, topic, null, clientOverrides, timeout, verifier::accept);
        return verifier.report();
    }

    /**
     * Hands {@code sink} the committed records of {@code topic} (of the partition of {@code logId} only, when not
     * null), each partition in offset order, from its start to its last stable offset at the time of the call.
     *
     * @throws ChainlogException the topic does not exist, or reading made no progress for {@code timeout}
     */
    static void read(String bootstrapServers, String topic, String logId, Map<String, Object> clientOverrides,
                     Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        try (KafkaConsumer<byte[], byte[]> consumer = TopicTail.consumer(bootstrapServers, clientOverrides, "read_committed")) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new ChainlogException("topic " + topic + " does not exist at " + bootstrapServers);
            }
            List<TopicPartition> tps = new ArrayList<>();
            if (logId != null) {
                tps.add(new TopicPartition(topic, ChainlogRecords.partitionOf(logId, infos.size())));
            } else {
                infos.forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
            long lastProgress = System.nanoTime();
            while (tps.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (!batch.isEmpty()) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                    throw new ChainlogException("reading topic " + topic + " made no progress for " + timeout
                            + " before its end offsets " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        sink.accept(r);
                    }
                }
            }
        }
    }
}
