package dev.chainlog.kafka;

import dev.chainlog.api.EventLog;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The partition leader shut down mid-stream, on a cluster of one controller and three brokers, topic replication
 * factor 3 and min.insync.replicas 2 (the settings the README asks for): the forwarder rides the leader change, and
 * the topic holds every entry once, in order.
 */
class LeaderFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    @RegisterExtension
    static final KafkaTestCluster cluster = KafkaTestCluster.perClass(3);

    @Test
    void nothingLostNothingDuplicatedWhenTheLeaderGoes() throws Exception {
        String topic = "failover-" + System.nanoTime();
        cluster.createTopic(topic, 1, 3, Map.of("min.insync.replicas", "2"));
        try (EventLog log = TestLogs.open(TestLogs.folder("failover"));
             KafkaForwarder forwarder = KafkaForwarder.start(log, ForwarderConfig.of(cluster.bootstrap(), topic)
                     .withMaxBatch(100))) {
            AtomicBoolean appending = new AtomicBoolean(true);
            AtomicReference<Throwable> appendFailure = new AtomicReference<>();
            Thread appender = new Thread(() -> {
                try {
                    long i = 0;
                    while (appending.get()) {
                        log.appendBatch(TestLogs.events(i, 10));
                        i += 10;
                        Thread.sleep(10);
                    }
                } catch (Throwable t) {
                    appendFailure.set(t);
                }
            }, "appender");
            appender.start();
            assertTrue(forwarder.awaitForwarded(500, WAIT));

            int leader = leader(topic);
            long t0 = System.nanoTime();
            long before = forwarder.forwardedSeq();
            cluster.kit().brokers().get(leader).shutdown();
            cluster.kit().brokers().get(leader).awaitShutdown();
            long t1 = System.nanoTime();
            long atShutdown = log.head().seq();
            assertTrue(forwarder.awaitForwarded(atShutdown + 500, WAIT), () -> "forwarding goes on after broker "
                    + leader + " went: " + forwarder.status());
            System.out.printf("LeaderFailoverTest: leader %d shut down in %d ms (forwarded %d before, %d at the end of "
                    + "the shutdown); 500 more entries forwarded %d ms after (last error retried: %s)%n", leader,
                    (t1 - t0) / 1_000_000, before, atShutdown, (System.nanoTime() - t1) / 1_000_000,
                    forwarder.status().lastError());
            assertNotEquals(leader, leader(topic), "another broker leads the partition");

            appending.set(false);
            appender.join();
            assertNull(appendFailure.get());
            long head = log.head().seq();
            assertTrue(forwarder.awaitForwarded(head, WAIT));

            TopicReport report = TopicVerifier.verify(cluster.bootstrap(), topic, List.of(), Map.of(), WAIT);
            assertTrue(report.ok(), report::summary);
            LogStreamReport stream = report.log(log.logId()).orElseThrow();
            assertEquals(head, stream.entries().checked(), "every entry once");
            assertEquals(log.head(), stream.entries().head());
        }
    }

    private static int leader(String topic) throws Exception {
        for (int attempt = 0; ; attempt++) {
            TopicDescription d = cluster.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            var leader = d.partitions().get(0).leader();
            if (leader != null && leader.id() >= 0) {
                return leader.id();
            }
            if (attempt > 100) {
                throw new IllegalStateException("no leader for " + topic);
            }
            Thread.sleep(100);
        }
    }
}
