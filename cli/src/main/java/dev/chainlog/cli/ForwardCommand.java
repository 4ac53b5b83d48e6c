package dev.chainlog.cli;

import dev.chainlog.api.Durability;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.kafka.ForwarderConfig;
import dev.chainlog.kafka.KafkaForwarder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Forwards a log to a Kafka topic, exactly once, following it until stopped (or, with --once, up to its head). */
@Command(name = "forward", description = {"Forward a log's entries and checkpoints to a Kafka topic, exactly once.",
        "Follows the log until stopped (Ctrl-C); --once forwards up to the head and exits.",
        "Resumes where the topic's committed records of the log end. The topic must exist.",
        "Exit 1 when the log was rewritten under the forwarder, 3 when it cannot go on",
        "(an entry too large for the topic, another forwarder took over, the brokers unreachable with --once)."})
final class ForwardCommand extends LogCommand {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka's bootstrap servers")
    String bootstrap;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--once", description = "forward what the log holds now, then exit")
    boolean once;

    @Option(names = "--retention-hold", paramLabel = "N", defaultValue = "" + ForwarderConfig.DEFAULT_RETENTION_HOLD,
            description = "retention keeps entries not yet forwarded while at most N behind (0: no hold; "
                    + "default ${DEFAULT-VALUE})")
    long retentionHold;

    @Option(names = "--progress-every", paramLabel = "DURATION", defaultValue = "10s",
            description = "how often to print progress while following (default ${DEFAULT-VALUE})")
    String progressEvery;

    @Override
    @SuppressWarnings("try") // on a signal the forwarder is closed before the log, then again (a no-op) by the try
    public Integer call() throws Exception {
        Duration progress = EventLogConfig.parseDuration("--progress-every", progressEvery);
        ForwarderConfig config = ForwarderConfig.of(bootstrap, kafka.topic).withRetentionHold(retentionHold)
                .withProducerOverrides(kafka.clientProperties());
        try (EventLog opened = openExistingForWriting(EventLogConfig.builder().durability(Durability.WAL));
             KafkaForwarder forwarder = KafkaForwarder.start(opened, config)) {
            // Stopped by a signal, the forwarder closes first (its transaction in flight commits), then says where it
            // stopped: the last progress line may be up to --progress-every old.
            OpenLogs.<AutoCloseable>closeBeforeLogs(() -> {
                forwarder.close();
                if (!once) {
                    System.err.println("chainlog forward: " + describe(forwarder.status()));
                }
            });
            long target = once ? opened.head().seq() : Long.MAX_VALUE;
            long deadline = System.nanoTime() + kafka.timeout().toNanos();
            String lastRetry = null;
            while (true) {
                boolean reached = forwarder.awaitForwarded(target, once ? Duration.ofMillis(200) : progress);
                if (reached) {
                    break;
                }
                if (OpenLogs.shuttingDown() || forwarder.status().state() == KafkaForwarder.State.STOPPED) {
                    return ChainlogCli.OK;
                }
                KafkaForwarder.Status s = forwarder.status();
                if (once && System.nanoTime() > deadline) {
                    throw new dev.chainlog.api.StorageException("could not forward log " + opened.logId() + " up to seq "
                            + target + " within " + kafka.timeout + " (forwarded " + s.forwardedSeq() + ")"
                            + (s.lastError() != null ? ": " + s.lastError() : s.state() == KafkaForwarder.State.STARTING
                            ? ": no answer from the brokers at " + bootstrap : ""));
                }
                if (!once) {
                    System.err.println("chainlog forward: " + describe(s));
                } else if (s.state() == KafkaForwarder.State.RETRYING && s.lastError() != null
                        && !s.lastError().equals(lastRetry)) {
                    lastRetry = s.lastError();
                    System.err.println("chainlog forward: retrying: " + lastRetry);
                }
            }
            KafkaForwarder.Status s = forwarder.status();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("logId", opened.logId());
            m.put("topic", kafka.topic);
            m.put("forwardedSeq", s.forwardedSeq());
            m.put("transactions", s.transactions());
            m.put("checkpoints", s.checkpointsForwarded());
            result(m, "forwarded log " + opened.logId() + " to " + kafka.topic + " up to seq " + s.forwardedSeq()
                    + " (" + s.transactions() + " transactions this run, " + s.checkpointsForwarded() + " checkpoints)");
            return ChainlogCli.OK;
        }
    }

    private static String describe(KafkaForwarder.Status s) {
        return s.state().name().toLowerCase(java.util.Locale.ROOT) + ", forwarded seq " + s.forwardedSeq() + " of "
                + s.headSeq() + ", lag " + s.lagEntries() + " entries / " + String.format(java.util.Locale.ROOT, "%.1f",
                s.lagSeconds()) + " s" + (s.lastError() == null ? "" : ", last error: " + s.lastError());
    }
}
