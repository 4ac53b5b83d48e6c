package dev.chainlog.bench;

import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Appends from many threads into one log (group commit: the single writer drains what is queued into one
 * WriteBatch, so concurrent {@code SYNC} appenders share one fsync). Payload 100 B.
 *
 * <ul>
 *   <li>{@code append_tNN}: NN threads, each blocking on its own append (the thread count of 1 is
 *       {@link AppendBenchmark#append} with payload 100).</li>
 *   <li>{@code appendAsync_tNN}: NN threads, each keeping up to {@link #WINDOW} appends in flight
 *       ({@code appendAsync}, waiting on the oldest future when the window is full). One op = one append
 *       submitted; in the steady state that is one append completed.</li>
 * </ul>
 * Compare with {@link RawRocksConcurrentBenchmark} (raw puts from as many threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class ConcurrentAppendBenchmark extends FreshLogTrial {
    public static final int PAYLOAD = 100;
    /** Appends in flight per thread for appendAsync. */
    public static final int WINDOW = 64;

    @Override
    protected String folderPrefix() {
        return "concurrent";
    }

    /** One thread's appends in flight. */
    @State(Scope.Thread)
    public static class InFlight {
        final ArrayDeque<CompletableFuture<Entry>> futures = new ArrayDeque<>(WINDOW);

        Entry submit(EventLog log) {
            Entry done = null;
            if (futures.size() >= WINDOW) {
                done = futures.removeFirst().join();
            }
            futures.addLast(log.appendAsync(Support.event(PAYLOAD)));
            return done;
        }

        @TearDown(Level.Iteration)
        public void drain() {
            while (!futures.isEmpty()) {
                futures.removeFirst().join();
            }
        }
    }

    private Entry append() {
        return log.append(Support.event(PAYLOAD));
    }

    @Benchmark
    @Threads(4)
    public Entry append_t04() {
        return append();
    }

    @Benchmark
    @Threads(16)
    public Entry append_t16() {
        return append();
    }

    @Benchmark
    @Threads(64)
    public Entry append_t64() {
        return append();
    }

    @Benchmark
    @Threads(1)
    public Entry appendAsync_t01(InFlight f) {
        return f.submit(log);
    }

    @Benchmark
    @Threads(4)
    public Entry appendAsync_t04(InFlight f) {
        return f.submit(log);
    }

    @Benchmark
    @Threads(16)
    public Entry appendAsync_t16(InFlight f) {
        return f.submit(log);
    }

    @Benchmark
    @Threads(64)
    public Entry appendAsync_t64(InFlight f) {
        return f.submit(log);
    }
}
