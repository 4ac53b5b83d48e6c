package dev.chainlog.kafka;

import dev.chainlog.api.Entry;
import dev.chainlog.chain.Hashes;
import dev.chainlog.checkpoint.SignedNote;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The Kafka records a chainlog forwarder writes: the contract between {@link KafkaForwarder} and every reader of the
 * topic ({@link TopicVerifier}, {@link KafkaRestore}, a tool in another language). docs/FORMAT.md §10 is the same
 * text for readers without Java.
 *
 * <pre>
 * key      the log id, UTF-8 (36 chars): all records of one log go to one partition, in order
 * value    entry:      the entry's stored value, byte for byte (docs/FORMAT.md §1; never re-encoded)
 *          checkpoint: the signed note, byte for byte (C2SP signed-note; its text a tlog-checkpoint, §3a)
 * headers  (all UTF-8 text, so that any Kafka tool shows them)
 *   chainlog.format   "1"
 *   chainlog.type     "entry" | "checkpoint"
 *   chainlog.log-id   the log id (equal to the key)
 *   chainlog.seq      entry: its seq; checkpoint: the seq of the last entry record before it (the tree size its
 *                     proof reaches)
 *   chainlog.prev     entry: 64 lowercase hex, the value's prev (hash of entry seq - 1; 64 zeros for seq 1)
 *   chainlog.hash     entry: 64 lowercase hex, SHA-256 of the value
 *   chainlog.cp-time  the chainlog-time (epoch micros) of the newest checkpoint forwarded up to and including this
 *                     record, 0 before the first: the forwarder's resume point for checkpoints
 *   chainlog.proof    checkpoint: the RFC 9162 consistency proof from the checkpoint's tree size to chainlog.seq,
 *                     base64 hashes joined by ","; empty when the sizes are equal
 * </pre>
 *
 * <p>Invariants a reader may rely on, for the records of one log id in committed transactions: entry seqs step by
 * one, each entry's prev is the previous entry's hash, and a checkpoint record follows the entries it covers. The
 * headers repeat what the value says (seq, prev) or implies (hash) so that a reader can route and check records
 * without parsing JSON; {@link TopicVerifier} checks that they agree with the value.
 */
public final class ChainlogRecords {
    public static final String FORMAT = "chainlog.format";
    public static final String TYPE = "chainlog.type";
    public static final String LOG_ID = "chainlog.log-id";
    public static final String SEQ = "chainlog.seq";
    public static final String PREV = "chainlog.prev";
    public static final String HASH = "chainlog.hash";
    public static final String CHECKPOINT_TIME = "chainlog.cp-time";
    public static final String PROOF = "chainlog.proof";

    public static final String FORMAT_VERSION = "1";
    public static final String ENTRY = "entry";
    public static final String CHECKPOINT = "checkpoint";

    private ChainlogRecords() {
    }

    /** The record of one entry of log {@code logId}. */
    public static ProducerRecord<byte[], byte[]> entry(String topic, int partition, String logId, Entry entry,
                                                       long checkpointTime) {
        Headers headers = common(ENTRY, logId, entry.seq(), checkpointTime);
        headers.add(PREV, utf8(entry.prev()));
        headers.add(HASH, utf8(entry.hash()));
        return new ProducerRecord<>(topic, partition, null, utf8(logId), entry.storedValue(), headers);
    }

    /** The record of a checkpoint of size {@code proof}'s old size, placed after entry {@code afterSeq}. */
    public static ProducerRecord<byte[], byte[]> checkpoint(String topic, int partition, String logId, SignedNote note,
                                                            long afterSeq, long checkpointTime, List<byte[]> proof) {
        Headers headers = common(CHECKPOINT, logId, afterSeq, checkpointTime);
        headers.add(PROOF, utf8(encodeProof(proof)));
        return new ProducerRecord<>(topic, partition, null, utf8(logId), utf8(note.format()), headers);
    }

    private static Headers common(String type, String logId, long seq, long checkpointTime) {
        Headers headers = new RecordHeaders();
        headers.add(FORMAT, utf8(FORMAT_VERSION));
        headers.add(TYPE, utf8(type));
        headers.add(LOG_ID, utf8(logId));
        headers.add(SEQ, utf8(Long.toString(seq)));
        headers.add(CHECKPOINT_TIME, utf8(Long.toString(checkpointTime)));
        return headers;
    }

    /**
     * The partition of a log in a topic of {@code partitions}: the Kafka default partitioner's choice for the key
     * (murmur2 of the key bytes), so that plain producers keying by log id agree with the forwarder. It changes when
     * the topic's partition count does: never add partitions to a chainlog topic (docs/FORMAT.md §10).
     */
    public static int partitionOf(String logId, int partitions) {
        return Utils.toPositive(Utils.murmur2(utf8(logId))) % partitions;
    }

    /** A header's text, or null when the record has none of that name (the last one counts, as in Kafka). */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A numeric header, or -1 when it is missing or not a non-negative decimal. */
    public static long longHeader(ConsumerRecord<?, ?> record, String name) {
        String text = header(record, name);
        if (text == null || text.isEmpty() || text.length() > 19 || !text.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(text);
    }

    static String encodeProof(List<byte[]> proof) {
        StringBuilder sb = new StringBuilder();
        for (byte[] h : proof) {
            sb.append(sb.isEmpty() ? "" : ",").append(Base64.getEncoder().encodeToString(h));
        }
        return sb.toString();
    }

    /** @throws IllegalArgumentException when it is not base64 hashes of 32 bytes joined by "," */
    static List<byte[]> decodeProof(String text) {
        List<byte[]> proof = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return proof;
        }
        for (String part : text.split(",", -1)) {
            byte[] h = Base64.getDecoder().decode(part);
            if (h.length != Hashes.LENGTH) {
                throw new IllegalArgumentException("a proof hash of " + h.length + " bytes");
            }
            proof.add(h);
        }
        return proof;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
