package dev.chainlog.cli;

import dev.chainlog.api.DurableConsumer;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The writer process `chainlog demo` kills with SIGKILL (DemoCommand's crash-recovery part): appends to the demo's
 * log and, as the durable consumer {@value #CONSUMER}, folds every entry into its state (how many, and the sum of their
 * seqs), committing every 50 appends and saving the state as snapshot {@value #SNAPSHOT} every 500. It prints
 * {@code ACK <seq>} for every acknowledged append and never ends by itself.
 */
public final class DemoChild {
    static final String CONSUMER = "ledger";
    static final String SNAPSHOT = "ledger-state";

    private DemoChild() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        Thread orphaned = new Thread(() -> { // the demo that started this process is gone: so is this process
            java.util.Optional<ProcessHandle> parent = ProcessHandle.current().parent();
            while (parent.map(ProcessHandle::isAlive).orElse(false)) {
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
            }
            Runtime.getRuntime().halt(1);
        });
        orphaned.setDaemon(true);
        orphaned.start();
        EventLog log = EventLogs.open(EventLogConfig.rocksdb(Path.of(args[0])));
        DurableConsumer ledger = log.consumer(CONSUMER);
        long[] state = {0, 0};
        ledger.recover(SNAPSHOT, s -> {
            ByteBuffer b = ByteBuffer.wrap(s.state());
            state[0] = b.getLong();
            state[1] = b.getLong();
        }, e -> fold(state, e));
        for (int i = 1; ; i++) {
            Entry e = log.append(Event.builder("payment.captured").source("billing")
                    .payload(Map.of("amount", i % 1000, "currency", "EUR")).build());
            out.println("ACK " + e.seq());
            if (i % 50 == 0) {
                List<Entry> got;
                while (!(got = ledger.poll(1000)).isEmpty()) {
                    got.forEach(x -> fold(state, x));
                    ledger.commit(got.get(got.size() - 1));
                }
                if (i % 500 == 0) {
                    log.saveSnapshot(SNAPSHOT, ledger.fetched(), bytes(state));
                }
            }
        }
    }

    static void fold(long[] state, Entry e) {
        state[0]++;
        state[1] += e.seq();
    }

    static byte[] bytes(long[] state) {
        return ByteBuffer.allocate(16).putLong(state[0]).putLong(state[1]).array();
    }
}
