package dev.chainlog.bench;

import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Appends of realistic audit events ({@link AuditEvents}: kind, source, {@code world_id} meta, a 3-field payload
 * given as a map or as JSON text) into a fresh rocksdb-backed log per trial, the Merkle tree included: one blocking
 * appender, 4/16/64 blocking appenders, {@code appendAsync} from 4 and 16 threads (up to {@link #WINDOW} in flight
 * each), and atomic batches of 1,000 from one thread. Every op builds its event, as a caller does. Compare with
 * {@link RawAuditBenchmark}: raw RocksDB writes of the same stored bytes with the same WriteOptions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class AuditAppendBenchmark extends FreshLogTrial {
    /** Appends in flight per thread for appendAsync. */
    public static final int WINDOW = 64;
    private static final AtomicInteger WRITERS = new AtomicInteger();

    @Param({"MAP", "JSON"})
    public AuditEvents.Form form;

    @Override
    protected String folderPrefix() {
        return "audit";
    }

    /** One writer thread: its source name, its event counter, its appends in flight. */
    @State(Scope.Thread)
    public static class Writer {
        final String source = "service-" + WRITERS.getAndIncrement();
        final ArrayDeque<CompletableFuture<Entry>> inFlight = new ArrayDeque<>(WINDOW);
        long i;

        Event next(AuditEvents.Form form) {
            return AuditEvents.event(i++, source, form);
        }

        @TearDown(Level.Iteration)
        public void drain() {
            while (!inFlight.isEmpty()) {
                inFlight.removeFirst().join();
            }
        }
    }

    private Entry appendOne(Writer w) {
        return log.append(w.next(form));
    }

    private Entry appendAsync(Writer w) {
        Entry done = null;
        if (w.inFlight.size() >= WINDOW) {
            done = w.inFlight.removeFirst().join();
        }
        w.inFlight.addLast(log.appendAsync(w.next(form)));
        return done;
    }

    @Benchmark
    @Threads(1)
    public Entry append(Writer w) {
        return appendOne(w);
    }

    @Benchmark
    @Threads(4)
    public Entry append_t04(Writer w) {
        return appendOne(w);
    }

    @Benchmark
    @Threads(16)
    public Entry append_t16(Writer w) {
        return appendOne(w);
    }

    @Benchmark
    @Threads(64)
    public Entry append_t64(Writer w) {
        return appendOne(w);
    }

    @Benchmark
    @Threads(4)
    public Entry appendAsync_t04(Writer w) {
        return appendAsync(w);
    }

    @Benchmark
    @Threads(16)
    public Entry appendAsync_t16(Writer w) {
        return appendAsync(w);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(1000)
    public List<Entry> batch1000(Writer w) {
        List<Event> events = new ArrayList<>(1000);
        for (int k = 0; k < 1000; k++) {
            events.add(w.next(form));
        }
        return log.appendBatch(events);
    }
}
