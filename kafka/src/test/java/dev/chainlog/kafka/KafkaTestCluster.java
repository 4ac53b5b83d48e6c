package dev.chainlog.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real KRaft cluster in the test JVM (Kafka's own test kit): one controller and {@code brokers} brokers, with the
 * internal topics sized for them (replication min(3, brokers), min ISR min(2, brokers), one partition each). One per
 * test class: start it in {@code @BeforeAll}, close it in {@code @AfterAll}. The test JVM lives in a network namespace
 * holding only loopback (src/test/loopback-jvm/bin/java), so its ports are reachable from 127.0.0.1 only.
 */
public final class KafkaTestCluster implements AutoCloseable {
    private final KafkaClusterTestKit kit;
    private final Admin admin;

    private KafkaTestCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kit.bootstrapServers()));
    }

    public static KafkaTestCluster start(int brokers) {
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
            return new KafkaTestCluster(kit);
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

    @Override
    public void close() throws Exception {
        try {
            admin.close();
        } finally {
            kit.close();
        }
    }
}
