package dev.chainlog.kafka;

import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.Page;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Forwarding throughput and end-to-end latency against a local one-broker KRaft cluster (not a test: run it with
 * {@code kafka/bench.sh}). Each round, interleaved:
 * <ul>
 *   <li><b>bare producer</b>: the records a forwarder would write for N entries, built beforehand (same key, value,
 *       headers and partition), sent by a transactional producer with the forwarder's settings, a transaction per
 *       1,000 records: the producer's own limit;</li>
 *   <li><b>forwarder</b>: a log holding the same N entries forwarded from seq 1 until the last is committed.</li>
 * </ul>
 * Then latency: entries appended one at a time at a steady rate while the forwarder follows, and a read_committed
 * consumer in the same JVM takes each record's latency as its receipt time minus the entry's {@code ts} (append time).
 */
public final class ForwardBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int latencyRate = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        try (KafkaTestCluster cluster = KafkaTestCluster.start(1)) {
            List<Double> bare = new ArrayList<>();
            List<Double> forwarded = new ArrayList<>();
            try (EventLog log = TestLogs.open(TestLogs.folder("bench"))) {
                for (int i = 0; i < n; i += 1000) {
                    log.appendBatch(TestLogs.events(i, Math.min(1000, n - i)));
                }
                List<Entry> entries = new ArrayList<>(n);
                for (Page p = log.read(0, 10_000); !p.entries().isEmpty(); p = log.read(p.nextSince(), 10_000)) {
                    entries.addAll(p.entries());
                }
                long bytes = entries.stream().mapToLong(e -> e.storedValue().length).sum();
                System.out.printf(Locale.ROOT, "%d realistic entries, %.1f bytes per stored value%n", n, bytes / (double) n);
                for (int round = 0; round <= rounds; round++) { // round 0 warms up
                    String t1 = "bare-" + round;
                    cluster.createTopic(t1, 1, 1, Map.of());
                    double b = bareProducer(cluster.bootstrap(), t1, log.logId(), entries);
                    String t2 = "fwd-" + round;
                    cluster.createTopic(t2, 1, 1, Map.of());
                    double f = forwarder(cluster.bootstrap(), t2, log, n);
                    System.out.printf(Locale.ROOT, "round %d: bare producer %,.0f records/s, forwarder %,.0f entries/s, "
                            + "ratio %.2f%s%n", round, b, f, f / b, round == 0 ? " (warm-up, not counted)" : "");
                    if (round > 0) {
                        bare.add(b);
                        forwarded.add(f);
                    }
                }
            }
            double mb = median(bare);
            double mf = median(forwarded);
            System.out.printf(Locale.ROOT, "MEDIAN of %d rounds: bare producer %,.0f records/s (min %,.0f max %,.0f), "
                    + "forwarder %,.0f entries/s (min %,.0f max %,.0f), ratio %.2f%n", rounds, mb, min(bare), max(bare),
                    mf, min(forwarded), max(forwarded), mf / mb);
            latency(cluster, latencyRate, 10);
        }
    }

    private static double bareProducer(String bootstrap, String topic, String logId, List<Entry> entries) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            records.add(ChainlogRecords.entry(topic, 0, logId, e, 0));
        }
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-" + topic);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            long start = System.nanoTime();
            for (int i = 0; i < records.size(); i += 1000) {
                producer.beginTransaction();
                for (int j = i; j < Math.min(records.size(), i + 1000); j++) {
                    producer.send(records.get(j));
                }
                producer.commitTransaction();
            }
            return records.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double forwarder(String bootstrap, String topic, EventLog log, long n) throws Exception {
        ForwarderConfig config = ForwarderConfig.of(bootstrap, topic).withTransactionalId("bench-fwd-" + topic)
                .withRetentionHold(0);
        long start = System.nanoTime();
        try (KafkaForwarder f = KafkaForwarder.start(log, config)) {
            if (!f.awaitForwarded(n, Duration.ofMinutes(10))) {
                throw new IllegalStateException("not forwarded: " + f.status());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            log.deleteConsumer(config.consumerName()); // the next round forwards from seq 1 again, to a new topic
            return n / seconds;
        }
    }

    /** Steady appends at {@code rate}/s for {@code seconds}; latency from append to a read_committed consumer. */
    @SuppressWarnings("try") // the forwarder works in its own thread: the try only starts and closes it
    private static void latency(KafkaTestCluster cluster, int rate, int seconds) throws Exception {
        String topic = "latency";
        cluster.createTopic(topic, 1, 1, Map.of());
        int total = rate * seconds;
        long[] micros = new long[total];
        try (EventLog log = TestLogs.open(TestLogs.folder("latency"));
             KafkaForwarder f = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic));
             KafkaConsumer<byte[], byte[]> consumer = TopicTail.consumer(cluster.bootstrap(), Map.of(), "read_committed")) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            Thread appender = new Thread(() -> {
                long start = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    long due = start + (long) (i * 1e9 / rate);
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                    log.append(TestLogs.event(i));
                }
            }, "appender");
            appender.start();
            int seen = 0;
            while (seen < total) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, java.time.Instant.now());
                    long ts = dev.chainlog.chain.EntryCodec.readHeader(r.value()).ts();
                    micros[seen++] = Math.max(0, now - ts);
                }
            }
            appender.join();
        }
        long[] warm = Arrays.copyOfRange(micros, total / 10, total); // the first second warms up
        Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "LATENCY append -> read_committed consumer, %d appends/s for %d s (first "
                        + "10%% not counted): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", rate, seconds,
                warm[warm.length / 2] / 1000.0, warm[(int) (warm.length * 0.99)] / 1000.0, warm[warm.length - 1] / 1000.0);
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
