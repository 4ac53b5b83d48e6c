package dev.chainlog.bench;

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

import java.util.concurrent.TimeUnit;

/**
 * Baseline for {@link BatchAppendBenchmark}: one raw RocksDB WriteBatch of 10, 100 or 1,000 puts of the same stored
 * bytes (payload 100 B), with chainlog's WriteOptions per durability. Scores are entries per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(1)
public class RawRocksBatchBenchmark extends RawRocksTrial {
    @Override
    protected String folderPrefix() {
        return "rawbatch";
    }

    @Override
    protected int payloadBytes() {
        return BatchAppendBenchmark.PAYLOAD;
    }

    @Benchmark
    @OperationsPerInvocation(10)
    public void batch0010() {
        db.putBatch(value, 10);
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public void batch0100() {
        db.putBatch(value, 100);
    }

    @Benchmark
    @OperationsPerInvocation(1000)
    public void batch1000() {
        db.putBatch(value, 1000);
    }
}
