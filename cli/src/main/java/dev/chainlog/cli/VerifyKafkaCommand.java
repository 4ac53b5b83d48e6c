package dev.chainlog.cli;

import dev.chainlog.checkpoint.NoteVerifier;
import dev.chainlog.kafka.LogStreamReport;
import dev.chainlog.kafka.TopicReport;
import dev.chainlog.kafka.TopicVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The verifying consumer: checks every log's records in a topic forwarders wrote. */
@Command(name = "verify-kafka", description = {"Verify the chainlog records in a Kafka topic, per log id.",
        "Checks seq continuity, each prev and hash, and every forwarded checkpoint: its signature",
        "against --pubkey keys, its chain head and Merkle root against the entries.",
        "Names gaps, duplicates, reordering, tampering and a log id that restarted.",
        "Reads the committed records up to the end as it is now. Exit 0 when everything holds, 1 otherwise."})
final class VerifyKafkaCommand extends CliCommand {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka's bootstrap servers")
    String bootstrap;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--pubkey", paramLabel = "KEY", description = "a trusted public key, X.509 PEM (repeatable)")
    List<Path> pubkeys = new ArrayList<>();

    @Option(names = "--log-id", paramLabel = "ID", description = "report this log only")
    String logId;

    @Override
    public Integer call() {
        List<NoteVerifier.Key> keys = InputFiles.publicKeys(pubkeys);
        TopicReport report = TopicVerifier.verify(bootstrap, kafka.topic, keys, kafka.clientProperties(), kafka.timeout());
        List<LogStreamReport> logs = logId == null ? report.logs() : report.log(logId).map(List::of).orElse(List.of());
        if (logId != null && logs.isEmpty()) {
            throw new ChainlogCli.VerifyFailedException("topic " + kafka.topic + " holds no record of log " + logId);
        }
        boolean ok = logId == null ? report.ok() : logs.get(0).ok();
        if (root.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", ok);
            m.put("topic", kafka.topic);
            m.put("records", report.records());
            List<Object> out = new ArrayList<>();
            for (LogStreamReport l : logs) {
                Map<String, Object> lm = new LinkedHashMap<>();
                lm.put("logId", l.logId());
                lm.put("ok", l.ok());
                lm.put("partitions", l.partitions());
                lm.put("entries", VerifyCommand.toJson(l.entries()));
                lm.put("checkpoints", CheckpointJson.of(l.checkpoints()));
                lm.put("signaturesChecked", l.signaturesChecked());
                out.add(lm);
            }
            m.put("logs", out);
            printJson(m);
        } else if (logId == null) {
            emit(report.summary());
        } else {
            emit((ok ? "OK" : "FAILED") + ": " + logs.get(0).summary());
        }
        return ok ? ChainlogCli.OK : ChainlogCli.VERIFY_FAILED;
    }
}
