package dev.chainlog.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link KafkaForwarder} ships a log.
 *
 * @param bootstrapServers  Kafka's {@code bootstrap.servers}
 * @param topic             the topic; it must exist (the forwarder does not pick replication for you: docs in
 *                          README "When one machine is not enough")
 * @param transactionalId   the producer's transactional id; null: {@code chainlog-forwarder/<log id>}. One per log:
 *                          a second forwarder with the same id fences the first (zombie fencing)
 * @param consumerName      the durable consumer of the log that records what was forwarded (and holds retention)
 * @param retentionHold     retention keeps entries not yet forwarded while the forwarder is at most this many entries
 *                          behind the head (0: no hold; a stopped forwarder then may find its next entry pruned)
 * @param maxBatch          entries per Kafka transaction at most
 * @param idleWait          how long the forwarder waits for a new entry before it looks again (checkpoints too)
 * @param resumeTimeout     how long finding the resume point may wait for transactions still open in the partition
 * @param producerOverrides extra producer properties (security, compression, {@code max.request.size}, ...); those
 *                          exactly-once depends on ({@code transactional.id}, {@code enable.idempotence},
 *                          {@code acks}) cannot be overridden
 */
public record ForwarderConfig(String bootstrapServers, String topic, String transactionalId, String consumerName,
                              long retentionHold, int maxBatch, Duration idleWait, Duration resumeTimeout,
                              Map<String, Object> producerOverrides) {
    public static final String DEFAULT_CONSUMER = "kafka-forwarder";
    public static final long DEFAULT_RETENTION_HOLD = 1_000_000;

    public ForwarderConfig {
        requireText(bootstrapServers, "bootstrapServers");
        requireText(topic, "topic");
        requireText(consumerName, "consumerName");
        if (retentionHold < 0) {
            throw new IllegalArgumentException("retentionHold must be >= 0, got " + retentionHold);
        }
        if (maxBatch < 1 || maxBatch > 100_000) {
            throw new IllegalArgumentException("maxBatch must be 1..100000, got " + maxBatch);
        }
        Objects.requireNonNull(idleWait, "idleWait");
        Objects.requireNonNull(resumeTimeout, "resumeTimeout");
        if (idleWait.isNegative() || idleWait.isZero() || resumeTimeout.isNegative() || resumeTimeout.isZero()) {
            throw new IllegalArgumentException("idleWait and resumeTimeout must be positive");
        }
        producerOverrides = Map.copyOf(producerOverrides);
        for (String fixed : KafkaForwarder.FIXED_PRODUCER_PROPERTIES) {
            if (producerOverrides.containsKey(fixed)) {
                throw new IllegalArgumentException("the producer property " + fixed
                        + " is the forwarder's own (exactly-once depends on it); set transactionalId instead");
            }
        }
    }

    /** Defaults: a hold of {@value #DEFAULT_RETENTION_HOLD} entries, batches of 1,000, 50 ms idle wait. */
    public static ForwarderConfig of(String bootstrapServers, String topic) {
        return new ForwarderConfig(bootstrapServers, topic, null, DEFAULT_CONSUMER, DEFAULT_RETENTION_HOLD, 1000,
                Duration.ofMillis(50), Duration.ofMinutes(2), Map.of());
    }

    public ForwarderConfig withTransactionalId(String id) {
        return new ForwarderConfig(bootstrapServers, topic, id, consumerName, retentionHold, maxBatch, idleWait,
                resumeTimeout, producerOverrides);
    }

    public ForwarderConfig withRetentionHold(long maxEntries) {
        return new ForwarderConfig(bootstrapServers, topic, transactionalId, consumerName, maxEntries, maxBatch,
                idleWait, resumeTimeout, producerOverrides);
    }

    public ForwarderConfig withMaxBatch(int entries) {
        return new ForwarderConfig(bootstrapServers, topic, transactionalId, consumerName, retentionHold, entries,
                idleWait, resumeTimeout, producerOverrides);
    }

    public ForwarderConfig withProducerOverrides(Map<String, Object> overrides) {
        return new ForwarderConfig(bootstrapServers, topic, transactionalId, consumerName, retentionHold, maxBatch,
                idleWait, resumeTimeout, overrides);
    }

    /**
     * The overrides that concern the connection ({@code security.*}, {@code sasl.*}, {@code ssl.*}): the forwarder's
     * consumers (finding the resume point) connect with them too.
     */
    Map<String, Object> clientOverrides() {
        Map<String, Object> connection = new java.util.HashMap<>();
        producerOverrides.forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                connection.put(k, v);
            }
        });
        return connection;
    }

    /** The transactional id for the log {@code logId}. */
    String transactionalIdFor(String logId) {
        return transactionalId != null ? transactionalId : "chainlog-forwarder/" + logId;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
