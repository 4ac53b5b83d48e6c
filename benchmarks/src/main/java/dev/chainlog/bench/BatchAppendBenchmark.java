package dev.chainlog.bench;

import dev.chainlog.api.Entry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Atomic batches ({@code appendBatch}) of 10, 100 and 1,000 events of 100 B from one thread; the caller builds the
 * events of each batch. Scores are entries per second. Compare with {@link RawRocksBatchBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(1)
public class BatchAppendBenchmark extends FreshLogTrial {
    public static final int PAYLOAD = 100;

    @Override
    protected String folderPrefix() {
        return "batch";
    }

    private List<Entry> batch(int n) {
        return log.appendBatch(Support.events(PAYLOAD, n));
    }

    @Benchmark
    @OperationsPerInvocation(10)
    public List<Entry> batch0010() {
        return batch(10);
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public List<Entry> batch0100() {
        return batch(100);
    }

    @Benchmark
    @OperationsPerInvocation(1000)
    public List<Entry> batch1000() {
        return batch(1000);
    }
}
