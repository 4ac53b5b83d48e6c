package dev.chainlog.rocksdb;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.DurableConsumer;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The process {@link ConsumerCrashTest} kills while it consumes the log at {@code args[0]} (WAL mode) as the durable
 * consumer {@code args[1]}, in one of two modes ({@code args[2]}):
 * <ul>
 *   <li>{@code commit}: polls batches of up to 17 entries and commits the last of each, printing
 *       {@code GOT <first> <last> .} before and {@code COMMITTED <seq> .} after each commit returned; its state (the
 *       count and the sum of the seqs it consumed, from its latest valid snapshot on) is saved as snapshot
 *       {@code <consumer>-state} every fifth batch;</li>
 *   <li>{@code derive}: for every entry of kind {@code in}, appends one {@code out} event naming it, in the same
 *       write as the consumer's commit of that entry (appendAndCommit), printing {@code DERIVED <seq> .}; entries of
 *       other kinds are committed as they are passed.</li>
 * </ul>
 * It never ends by itself: at the head it waits for the parent's kill.
 */
public final class ConsumerCrashChild {
    private ConsumerCrashChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        EventLog log = EventLogs.open(TestLogs.config(Path.of(args[0])).build());
        DurableConsumer c = log.consumer(args[1]);
        out.println("READY " + c.committed().seq());
        out.flush();
        boolean derive = args[2].equals("derive");
        // The state restored where the consumer stands: the latest snapshot, then the committed entries after it.
        long[] state = {0, 0};
        long stateSeq = c.recover(args[1] + "-state", snap -> {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(snap.state());
            state[0] = b.getLong();
            state[1] = b.getLong();
        }, e -> {
            state[0]++;
            state[1] += e.seq();
        });
        int batches = 0;
        while (true) {
            List<Entry> batch = c.poll(17);
            if (batch.isEmpty()) {
                Thread.sleep(5);
                continue;
            }
            if (!derive) {
                for (Entry e : batch) { // after recover, poll delivers only what the state does not hold
                    state[0]++;
                    state[1] += e.seq();
                    stateSeq = e.seq();
                }
                if (++batches % 5 == 0) {
                    log.saveSnapshot(args[1] + "-state", stateSeq, java.nio.ByteBuffer.allocate(16).putLong(state[0])
                            .putLong(state[1]).array());
                }
                out.println("GOT " + batch.get(0).seq() + " " + batch.get(batch.size() - 1).seq() + " .");
                c.commit(batch.get(batch.size() - 1));
                out.println("COMMITTED " + batch.get(batch.size() - 1).seq() + " .");
                out.flush();
                continue;
            }
            for (Entry e : batch) {
                if (e.kind().equals("in")) {
                    c.appendAndCommit(AppendRequest.of(Event.builder("out").payload(Map.of("of", e.seq())).build()), e);
                    out.println("DERIVED " + e.seq() + " .");
                    out.flush();
                } else {
                    c.commit(e);
                }
            }
        }
    }
}
