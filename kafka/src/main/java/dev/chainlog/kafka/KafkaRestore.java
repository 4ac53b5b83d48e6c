package dev.chainlog.kafka;

import dev.chainlog.api.CheckpointReport;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.Head;
import dev.chainlog.api.ImportRefusedException;
import dev.chainlog.checkpoint.NoteVerifier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a log from a topic a forwarder wrote: the log's records are read from its partition (committed ones,
 * up to the last stable offset), checked by the verifying consumer, written as an export (docs/FORMAT.md §3) to a
 * scratch file, and imported into an empty log under the original log id — so the new log has the same seqs,
 * hashes and Merkle tree, appends continue the same chain, and checkpoints signed before the loss verify against it.
 *
 * <p>Refused whole, writing nothing, when the records of the log have any problem, when the topic does not hold the
 * log from seq 1 (chainlog imports only exports from seq 1), or when it holds nothing of the log; the import then
 * checks the export again, as every import does.
 */
public final class KafkaRestore {
    /**
     * @param head        the restored log's head
     * @param report      what the verifying consumer found in the log's records
     * @param checkpoints the forwarded checkpoints (signed notes), in topic order
     */
    public record Result(Head head, LogStreamReport report, List<String> checkpoints, CheckpointReport checkpointCheck) {
    }

    private KafkaRestore() {
    }

    /**
     * Restores log {@code logId} from {@code topic} into {@code target}, which must never have had an entry.
     *
     * @param trusted keys the forwarded checkpoints must be signed by (empty: their signatures are not checked)
     * @param scratch a folder for the export while it is imported (deleted after)
     * @throws ImportRefusedException the topic's records of the log are not a whole, intact log from seq 1
     */
    public static Result restore(String bootstrapServers, String topic, String logId, EventLog target,
                                 List<NoteVerifier.Key> trusted, Map<String, Object> clientOverrides, Duration timeout,
                                 Path scratch) {
        if (target.head().seq() != 0 || target.logStartSeq() != 1) {
            throw new ImportRefusedException("a log is restored only into an empty, new log; this one has head "
                    + target.head().seq(), null);
        }
        byte[] key = logId.getBytes(StandardCharsets.UTF_8);
        TopicVerifier verifier = new TopicVerifier(topic, trusted);
        List<String> checkpoints = new ArrayList<>();
        Path export;
        try {
            Files.createDirectories(scratch);
            export = Files.createTempFile(scratch, "restore-" + logId + "-", ".jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(export), 1 << 16)) {
                TopicVerifier.read(bootstrapServers, topic, logId, clientOverrides, timeout, r -> {
                    if (!Arrays.equals(key, r.key())) {
                        return;
                    }
                    verifier.accept(r);
                    write(r, out, checkpoints);
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LogStreamReport report = verifier.report().log(logId).orElseThrow(() -> new ImportRefusedException(
                    "topic " + topic + " holds no record of log " + logId
                            + " (in the partition its id maps to)", null));
            if (!report.ok()) {
                throw new ImportRefusedException("the records of log " + logId + " in topic " + topic
                        + " do not verify; nothing was restored:\n" + report.summary(), report.entries());
            }
            if (!report.fromFirstSeq()) {
                throw new ImportRefusedException("topic " + topic + " holds log " + logId + " from seq "
                        + report.entries().logStartSeq() + ", not from seq 1 (forwarding began after retention pruned "
                        + "the start): chainlog restores only a whole log; nothing was restored", null);
            }
            Head head = target.importExport(export, logId);
            CheckpointReport check = trusted.isEmpty() || checkpoints.isEmpty() ? new CheckpointReport(List.of())
                    : target.verifyCheckpoints(checkpoints, trusted);
            return new Result(head, report, List.copyOf(checkpoints), check);
        } finally {
            try {
                Files.deleteIfExists(export);
            } catch (IOException e) {
                // a scratch file left behind is harmless
            }
        }
    }

    private static void write(ConsumerRecord<byte[], byte[]> r, OutputStream out, List<String> checkpoints) {
        String type = ChainlogRecords.header(r, ChainlogRecords.TYPE);
        try {
            if (ChainlogRecords.ENTRY.equals(type) && r.value() != null) {
                out.write(r.value());
                out.write('\n');
            } else if (ChainlogRecords.CHECKPOINT.equals(type) && r.value() != null) {
                checkpoints.add(new String(r.value(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
