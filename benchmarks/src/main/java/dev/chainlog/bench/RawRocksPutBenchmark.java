package dev.chainlog.bench;

import dev.chainlog.api.Durability;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Baseline for {@link AppendBenchmark}: one raw RocksDB put per op of the bytes chainlog stores for the same event
 * (its stored value, under an 8-byte seq key), with chainlog's WriteOptions for the durability. No hashing, no
 * JSON, no index, no checksum column, no meta: the storage engine's limit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(1)
public class RawRocksPutBenchmark {
    @Param({"SYNC", "WAL", "NONE"})
    public Durability durability;

    @Param({"100", "1024"})
    public int payload;

    private RawRocks db;
    private byte[] value;

    @Setup(Level.Trial)
    public void open() {
        value = Support.storedValue(payload);
        db = new RawRocks("rawput", durability);
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
    }

    @Benchmark
    public void put() {
        db.put(value);
    }
}
