package dev.chainlog.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
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
public class RawRocksPutBenchmark extends RawRocksTrial {
    @Param({"100", "1024"})
    public int payload;

    @Override
    protected String folderPrefix() {
        return "rawput";
    }

    @Override
    protected int payloadBytes() {
        return payload;
    }

    @Benchmark
    public void put() {
        db.put(value);
    }
}
