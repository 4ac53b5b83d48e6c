package dev.chainlog.bench;

import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
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

import java.nio.file.Path;
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
public class AppendBenchmark {
    @Param({"SYNC", "WAL", "NONE"})
    public Durability durability;

    @Param({"100", "1024"})
    public int payload;

    private Path dir;
    private EventLog log;

    @Setup(Level.Trial)
    public void open() {
        dir = Support.freshDir("append");
        log = Support.openLog(dir, durability);
    }

    @TearDown(Level.Trial)
    public void close() {
        log.close();
        Support.deleteTree(dir);
    }

    @Benchmark
    public Entry append() {
        return log.append(Support.event(payload));
    }
}
