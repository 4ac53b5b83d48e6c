package dev.chainlog.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a log's forwarding stands in its partition: the last entry record of the log in a committed transaction,
 * and the newest checkpoint forwarded by then. The topic is the truth (the forwarder's durable consumer on the log
 * is committed after each Kafka transaction, so it can only be behind).
 *
 * <p>The procedure, run after the forwarder's {@code initTransactions()} has fenced and finished every earlier
 * transaction of its id — so nothing of this log can still be pending, and nothing new is written until it returns:
 * <ol>
 *   <li>take the partition's high watermark <em>now</em> (uncommitted records count: the scan must wait until every
 *       transaction open at that moment, of any log sharing the partition, has ended — a read_committed consumer
 *       stops at the first open one);</li>
 *   <li>read the last {@code 1024} offsets before it with read_committed, then the 2048 before those, and so on,
 *       until a window holds an entry record keyed by this log id or the partition's start is reached.</li>
 * </ol>
 * Reading backwards in doubling windows costs what the log's own last transaction is away from the end, not the
 * partition's length.
 */
final class TopicTail {
    /** The resume point: {@code seq} 0 when the partition holds no entry of the log. */
    record Position(long seq, String hash, long offset, long checkpointTime) {
        static final Position NONE = new Position(0, null, -1, 0);
    }

    private static final int FIRST_WINDOW = 1024;

    private TopicTail() {
    }

    static Position find(String bootstrapServers, Map<String, Object> clientOverrides, TopicPartition tp,
                         String logId, Duration timeout) {
        byte[] key = logId.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> uncommitted = consumer(bootstrapServers, clientOverrides, "read_uncommitted");
             KafkaConsumer<byte[], byte[]> committed = consumer(bootstrapServers, clientOverrides, "read_committed")) {
            List<TopicPartition> tps = List.of(tp);
            long end = uncommitted.endOffsets(tps, timeout).get(tp);
            long start = uncommitted.beginningOffsets(tps, timeout).get(tp);
            committed.assign(tps);
            long to = end;
            long window = FIRST_WINDOW;
            long checkpointTime = -1; // of the log's newest record, which may be a checkpoint after its last entry
            while (to > start) {
                long from = Math.max(start, to - window);
                Window w = scan(committed, tp, key, from, to, deadline, timeout);
                if (checkpointTime < 0 && w.newestOwnCheckpointTime() >= 0) {
                    checkpointTime = w.newestOwnCheckpointTime();
                }
                if (w.lastEntry() != null) {
                    Position e = w.lastEntry();
                    return new Position(e.seq(), e.hash(), e.offset(), checkpointTime);
                }
                to = from;
                window = Math.min(window * 2, 1L << 24);
            }
            return Position.NONE;
        }
    }

    /** What one window holds of the log: its last entry record, and the checkpoint time of its newest record. */
    private record Window(Position lastEntry, long newestOwnCheckpointTime) {
    }

    private static Window scan(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, byte[] key, long from,
                                 long to, long deadline, Duration timeout) {
        consumer.seek(tp, from);
        Position lastEntry = null;
        long lastCheckpointTime = -1;
        long lastOwnOffset = -1;
        while (consumer.position(tp) < to) {
            if (System.nanoTime() > deadline) {
                throw new ForwarderException("finding where forwarding stands in " + tp + " took longer than "
                        + timeout + ": a transaction opened before offset " + to + " is still open (the read_committed "
                        + "position stays at " + consumer.position(tp) + "); a crashed producer's transaction ends "
                        + "after its transaction.timeout.ms");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() >= to || !java.util.Arrays.equals(key, r.key())) {
                    continue;
                }
                long cpTime = Math.max(0, ChainlogRecords.longHeader(r, ChainlogRecords.CHECKPOINT_TIME));
                if (r.offset() > lastOwnOffset) {
                    lastOwnOffset = r.offset();
                    lastCheckpointTime = cpTime;
                }
                if (ChainlogRecords.ENTRY.equals(ChainlogRecords.header(r, ChainlogRecords.TYPE))) {
                    long seq = ChainlogRecords.longHeader(r, ChainlogRecords.SEQ);
                    String hash = ChainlogRecords.header(r, ChainlogRecords.HASH);
                    if (seq < 1 || hash == null) {
                        throw new ForwarderException("the entry record at " + tp + " offset " + r.offset()
                                + " has no valid " + ChainlogRecords.SEQ + "/" + ChainlogRecords.HASH
                                + " headers: this topic holds records of log " + new String(key, StandardCharsets.UTF_8)
                                + " that no chainlog forwarder wrote");
                    }
                    lastEntry = new Position(seq, hash, r.offset(), cpTime);
                }
            }
        }
        return new Window(lastEntry, lastCheckpointTime);
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, Map<String, Object> overrides,
                                                  String isolation) {
        Map<String, Object> props = new HashMap<>(overrides);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
