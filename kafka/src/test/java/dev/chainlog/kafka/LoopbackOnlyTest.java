package dev.chainlog.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The brokers the tests start listen on loopback only. Kafka's test kit binds every port on the wildcard address;
 * the test JVM runs in a network namespace whose only interface is loopback (src/test/loopback-jvm/bin/java), where
 * the wildcard reaches 127.0.0.1 and nothing else. This fails if the JVM runs outside such a namespace (e.g. started
 * by an IDE without the wrapper) while a broker socket listens on the wildcard or on any address beyond loopback.
 */
class LoopbackOnlyTest {
    @RegisterExtension
    static final KafkaTestCluster cluster = KafkaTestCluster.perClass(1);

    @Test
    void everyListeningSocketIsReachableFromLoopbackOnly() throws IOException {
        List<NetworkInterface> interfaces = NetworkInterface.networkInterfaces().toList();
        boolean onlyLoopback = interfaces.stream().allMatch(i -> {
            try {
                return i.isLoopback();
            } catch (IOException e) {
                return false;
            }
        });
        List<String> listening = listeningSockets();
        Set<Integer> brokerPorts = java.util.Arrays.stream(cluster.bootstrap().split(","))
                .map(hostPort -> Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)))
                .collect(Collectors.toSet());
        assertFalse(brokerPorts.isEmpty());
        for (int port : brokerPorts) {
            assertTrue(listening.stream().anyMatch(s -> s.endsWith(":" + port)),
                    "broker port " + port + " is among the listening sockets " + listening);
        }
        List<String> beyond = new ArrayList<>();
        for (String socket : listening) {
            String address = socket.substring(0, socket.lastIndexOf(':'));
            boolean loopback = address.equals("127.0.0.1") || address.equals("::1") || address.startsWith("127.");
            boolean wildcard = address.equals("0.0.0.0") || address.equals("::");
            if (!loopback && !(wildcard && onlyLoopback)) {
                beyond.add(socket);
            }
        }
        assertEquals(List.of(), beyond, "sockets that listen beyond loopback (interfaces here: "
                + interfaces.stream().map(NetworkInterface::getName).toList() + "); the test JVM must run in its "
                + "own network namespace: run the tests with Maven (src/test/loopback-jvm/bin/java)");
        assertEquals(List.of("lo"), interfaces.stream().map(NetworkInterface::getName).toList(),
                "the test JVM's network namespace has only loopback");
    }

    /** Every TCP socket in LISTEN state in this JVM's network namespace, as address:port. */
    private static List<String> listeningSockets() throws IOException {
        List<String> out = new ArrayList<>();
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(file);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
                String[] f = line.trim().split("\\s+");
                if (!f[3].equals("0A")) { // TCP_LISTEN
                    continue;
                }
                String[] local = f[1].split(":");
                out.add(address(local[0]) + ":" + Integer.parseInt(local[1], 16));
            }
        }
        return out;
    }

    /** /proc/net/tcp spells addresses as little-endian 32-bit words in hex. */
    private static String address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return java.net.InetAddress.getByAddress(bytes).getHostAddress().replace("0:0:0:0:0:0:0:0", "::")
                    .replace("0:0:0:0:0:0:0:1", "::1");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
