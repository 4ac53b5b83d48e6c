package dev.chainlog.bench;

import dev.chainlog.api.Entry;
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
 * Single-thread {@code append} on a fresh rocksdb-backed log per trial, per durability and payload size: the
 * caller builds the event, the writer chains, hashes, encodes and writes entry, checksum and index keys in one
 * WriteBatch. Compare with {@link RawRocksPutBenchmark} (one put of the same stored bytes, same WriteOptions).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(1)
public class AppendBenchmark extends FreshLogTrial {
    @Param({"100", "1024"})
    public int payload;

    @Override
    protected String folderPrefix() {
        return "append";
    }

    @Benchmark
    public Entry append() {
        return log.append(Support.event(payload));
    }
}
