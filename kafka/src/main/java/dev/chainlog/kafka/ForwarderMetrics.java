package dev.chainlog.kafka;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * A forwarder's lag and progress as Micrometer meters (Micrometer is an optional dependency of chainlog-kafka: only
 * this class uses it), tagged {@code log} (the log id) and {@code topic}:
 * <ul>
 *   <li>{@code chainlog.forwarder.lag.entries}: the log's head minus the last seq committed into the topic;</li>
 *   <li>{@code chainlog.forwarder.lag.seconds}: the age of the oldest entry not forwarded yet (0 when caught up);</li>
 *   <li>{@code chainlog.forwarder.forwarded.seq}: the last seq committed into the topic;</li>
 *   <li>{@code chainlog.forwarder.transactions}: Kafka transactions committed (a counter);</li>
 *   <li>{@code chainlog.forwarder.running}: 1 while forwarding, 0 while retrying, stopped or failed.</li>
 * </ul>
 */
public final class ForwarderMetrics {
    private ForwarderMetrics() {
    }

    public static void bind(KafkaForwarder forwarder, MeterRegistry registry) {
        Tags tags = Tags.of("log", forwarder.logId(), "topic", forwarder.config().topic());
        Gauge.builder("chainlog.forwarder.lag.entries", forwarder, f -> f.status().lagEntries()).tags(tags)
                .description("entries of the log not yet committed into the topic").register(registry);
        Gauge.builder("chainlog.forwarder.lag.seconds", forwarder, f -> f.status().lagSeconds()).tags(tags)
                .baseUnit("seconds").description("age of the oldest entry not yet forwarded").register(registry);
        Gauge.builder("chainlog.forwarder.forwarded.seq", forwarder, KafkaForwarder::forwardedSeq).tags(tags)
                .description("the last seq committed into the topic").register(registry);
        FunctionCounter.builder("chainlog.forwarder.transactions", forwarder, f -> f.status().transactions())
                .tags(tags).description("Kafka transactions committed").register(registry);
        Gauge.builder("chainlog.forwarder.running", forwarder,
                f -> f.status().state() == KafkaForwarder.State.RUNNING ? 1 : 0).tags(tags).register(registry);
    }
}
