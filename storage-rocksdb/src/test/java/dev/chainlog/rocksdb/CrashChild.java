package dev.chainlog.rocksdb;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.contract.TestKit;
import dev.chainlog.core.ChainedEventLog;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The process {@link CrashTest} kills: opens the log at {@code args[0]} with durability {@code args[1]} and appends
 * from two threads (one single events, one batches with request ids) until it is killed, printing
 * {@code ACK <seq> <hash> .} for every entry once its append has returned (is acknowledged). In {@code NONE}
 * mode it also flushes the memtables every {@value #FLUSH_EVERY} acknowledged entries, as a full memtable would,
 * so that a kill lands between flushes and recovery has a flushed prefix to find.
 */
public final class CrashChild {
    static final int FLUSH_EVERY = 500;
    private static RocksLogStore store;
    private static long acked;

    private CrashChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        Durability durability = Durability.parse(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        EventLogConfig config = TestLogs.config(dir).durability(durability).build();
        store = RocksLogStore.open(config);
        EventLog log = ChainedEventLog.open(store, config);
        boolean flushes = durability == Durability.NONE;
        out.println("READY " + log.head().seq());
        out.flush();
        Thread singles = new Thread(() -> {
            for (int i = 0; ; i++) {
                ack(out, List.of(log.append(TestKit.event(i))), flushes);
            }
        });
        Thread batches = new Thread(() -> {
            long pid = ProcessHandle.current().pid();
            for (int i = 0; ; i++) {
                AppendRequest r = AppendRequest.batch(List.of(TestKit.event(i), TestKit.event(i + 1),
                        TestKit.event(i + 2))).withRequestId("req-" + pid + "-" + i);
                ack(out, log.append(r), flushes);
            }
        });
        singles.start();
        batches.start();
        singles.join(); // until killed
    }

    private static void ack(PrintStream out, List<Entry> entries, boolean flushes) {
        synchronized (out) {
            for (Entry e : entries) {
                out.println("ACK " + e.seq() + " " + e.hash() + " .");
            }
            out.flush();
            long before = acked;
            acked += entries.size();
            if (flushes && before / FLUSH_EVERY != acked / FLUSH_EVERY) {
                store.flush();
            }
        }
    }
}
