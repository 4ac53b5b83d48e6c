package dev.chainlog.cli;

import dev.chainlog.api.Head;
import dev.chainlog.kafka.KafkaRestore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rebuilds a log from the records a forwarder wrote to a Kafka topic, as the same log. */
@Command(name = "restore", description = {"Rebuild a log from a Kafka topic into a new folder, as the same log.",
        "The log's records are verified first, like an import: refused whole if anything is wrong,",
        "or if the topic does not hold the log from seq 1. Seqs, hashes and the log id are kept:",
        "appends continue the same chain, checkpoints signed before the loss verify against it,",
        "and a forwarder started on it continues the topic.",
        "Exit 1 when the records do not verify, 2 when they cannot be restored",
        "(none in the topic, not from seq 1, the folder not new)."})
final class RestoreCommand extends LogCommand {
    @Option(names = "--from-kafka", required = true, paramLabel = "HOST:PORT", description = "Kafka's bootstrap servers")
    String bootstrap;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--log-id", required = true, paramLabel = "ID", description = "the id of the log to restore")
    String logId;

    @Option(names = "--pubkey", paramLabel = "KEY", description = "a trusted public key the forwarded checkpoints "
            + "must be signed by, X.509 PEM (repeatable)")
    List<Path> pubkeys = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!LogFolders.isNew(log)) {
            throw new ChainlogCli.UsageException("restore builds a new log: " + log + " exists and is not empty");
        }
        var keys = InputFiles.publicKeys(pubkeys);
        Path scratch = LogFolders.temporarySibling(log, "restore-scratch");
        Runnable cleanup = OpenLogs.deleteOnShutdown(scratch);
        KafkaRestore.Result done;
        try {
            done = LogFolders.buildNew(log, "restoring", l -> KafkaRestore.restore(bootstrap, kafka.topic, logId, l,
                    keys, kafka.clientProperties(), kafka.timeout(), scratch));
        } finally {
            LogFolders.deleteIfLeft(scratch);
            OpenLogs.removeAfterClose(cleanup);
        }
        Head head = done.head();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("logId", logId);
        m.put("seq", head.seq());
        m.put("hash", head.hash());
        m.put("checkpoints", done.checkpoints().size());
        m.put("checkpointsOk", done.checkpointCheck().ok());
        result(m, "restored log " + logId + " from " + kafka.topic + " into " + log + ": seqs 1.." + head.seq()
                + ", head " + head + "; " + done.checkpoints().size() + " forwarded checkpoint(s)"
                + (keys.isEmpty() ? " (signatures not checked: no --pubkey)" : ", all verify against it"));
        return ChainlogCli.OK;
    }
}
