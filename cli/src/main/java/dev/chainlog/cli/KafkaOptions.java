package dev.chainlog.cli;

import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the Kafka commands share: the topic, client properties (security), how long to wait for the brokers. */
final class KafkaOptions {
    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "the topic")
    String topic;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", description = {"a Kafka client property, e.g. "
            + "security.protocol=SSL (repeatable)"})
    List<String> properties = new java.util.ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "how long to wait for the brokers (default: ${DEFAULT-VALUE})")
    String timeout;

    Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        for (String p : properties) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new ChainlogCli.UsageException("--kafka-property takes KEY=VALUE, got '" + p + "'");
            }
            props.put(p.substring(0, eq).trim(), p.substring(eq + 1));
        }
        return props;
    }

    Duration timeout() {
        try {
            return dev.chainlog.api.EventLogConfig.parseDuration("--timeout", timeout);
        } catch (IllegalArgumentException e) {
            throw new ChainlogCli.UsageException(e.getMessage());
        }
    }
}
