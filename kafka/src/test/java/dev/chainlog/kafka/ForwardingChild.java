package dev.chainlog.kafka;

import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * An application in a child JVM: it appends to its log and forwards it, printing {@code acked SEQ} after each
 * acknowledged append, until it is killed ({@code run}); or appends 100 more, waits until the forwarder has
 * committed the head into the topic, closes and prints {@code done SEQ} ({@code finish}).
 */
public final class ForwardingChild {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String bootstrap = args[1];
        String topic = args[2];
        boolean finish = args[3].equals("finish");
        Random random = new Random();
        try (EventLog log = TestLogs.open(dir);
             KafkaForwarder forwarder = KafkaForwarder.start(log, ForwarderConfig.of(bootstrap, topic).withMaxBatch(200))) {
            System.out.println("ready " + log.head().seq());
            System.out.flush();
            int batches = 0;
            while (!finish || batches < 10) {
                List<Entry> acked = log.appendBatch(TestLogs.events(log.head().seq() + 1, 1 + random.nextInt(20)));
                System.out.println("acked " + acked.get(acked.size() - 1).seq());
                System.out.flush();
                batches++;
                Thread.sleep(1); // an application's pace, not a benchmark's: keeps the topic small enough to verify fast
                if (forwarder.failure().isPresent()) {
                    throw forwarder.failure().get();
                }
            }
            long head = log.head().seq();
            if (!forwarder.awaitForwarded(head, Duration.ofSeconds(120))) {
                throw new IllegalStateException("not forwarded to " + head + ": " + forwarder.status());
            }
            System.out.println("done " + head);
        }
    }
}
