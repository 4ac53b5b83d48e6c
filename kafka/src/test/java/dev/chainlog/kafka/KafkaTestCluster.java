package dev.chainlog.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real KRaft cluster in the test JVM (Kafka's own test kit): one controller and {@code brokers} brokers, with the
 * internal topics sized for them (replication min(3, brokers), min ISR min(2, brokers), one partition each). One per
 * test class, as a JUnit extension that starts it before the class's tests and closes it after them:
 * {@code @RegisterExtension static final KafkaTestCluster cluster = KafkaTestCluster.perClass(1);} — or
 * {@link #start} and {@link #close} by hand. The test JVM lives in a network namespace holding only loopback
 * (src/test/loopback-jvm/bin/java), so its ports are reachable from 127.0.0.1 only.
 */
public final class KafkaTestCluster implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private final int brokers;
    private KafkaClusterTestKit kit;
    private Admin admin;

    private KafkaTestCluster(int brokers) {
        this.brokers = brokers;
    }

    /** A cluster of {@code brokers} brokers for one test class (register it with {@code @RegisterExtension}). */
    public static KafkaTestCluster perClass(int brokers) {
        return new KafkaTestCluster(brokers);
    }

    /** A cluster started now; close it when done. */
    public static KafkaTestCluster start(int brokers) {
        KafkaTestCluster cluster = new KafkaTestCluster(brokers);
        cluster.startup();
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startup();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    private void startup() {
        try {
            Path base = Files.createDirectories(Path.of(System.getProperty("chainlog.kafka.out", "target/kafka-tests"),
                    "cluster-" + System.nanoTime()));
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(false)
                    .setNumControllerNodes(1)
                    .setNumBrokerNodes(brokers)
                    .setBaseDirectory(base)
                    .build();
            short rf = (short) Math.min(3, brokers);
            int minIsr = Math.min(2, brokers);
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", rf)
                    .setConfigProp("offsets.topic.num.partitions", 1)
                    .setConfigProp("transaction.state.log.replication.factor", rf)
                    .setConfigProp("transaction.state.log.min.isr", minIsr)
                    .setConfigProp("transaction.state.log.num.partitions", 1)
                    .setConfigProp("group.initial.rebalance.delay.ms", 0)
                    .setConfigProp("auto.create.topics.enable", false)
                    .setDeleteOnClose(true)
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            this.kit = kit;
            this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrapServers()));
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test Kafka cluster", e);
        }
    }

    public String bootstrap() {
        return kit.bootstrapServers();
    }

    public KafkaClusterTestKit kit() {
        return kit;
    }

    public Admin admin() {
        return admin;
    }

    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) replicationFactor).configs(configs)))
                    .all().get();
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
    }

    /** Stops the brokers and deletes their folders; a failure to stop is an {@link IllegalStateException}. */
    @Override
    public void close() {
        try {
            admin.close();
        } finally {
            try {
                kit.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the test Kafka cluster", e);
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the test Kafka cluster", e);
            }
        }
    }
}
