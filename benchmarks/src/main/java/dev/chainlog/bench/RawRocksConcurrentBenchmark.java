package dev.chainlog.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Baseline for {@link ConcurrentAppendBenchmark}: raw RocksDB puts of the same stored bytes (payload 100 B) from
 * 4, 16 and 64 threads into one database, with chainlog's WriteOptions per durability. With {@code sync=true}
 * RocksDB groups concurrent writers itself (one WAL write and fsync per group leader).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class RawRocksConcurrentBenchmark extends RawRocksTrial {
    @Override
    protected String folderPrefix() {
        return "rawconc";
    }

    @Override
    protected int payloadBytes() {
        return ConcurrentAppendBenchmark.PAYLOAD;
    }

    @Benchmark
    @Threads(4)
    public void put_t04() {
        db.put(value);
    }

    @Benchmark
    @Threads(16)
    public void put_t16() {
        db.put(value);
    }

    @Benchmark
    @Threads(64)
    public void put_t64() {
        db.put(value);
    }
}
