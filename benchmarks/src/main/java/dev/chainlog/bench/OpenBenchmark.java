package dev.chainlog.bench;

import dev.chainlog.api.Durability;
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
 * Open (recovery: meta, newest entry, checksum cross-check) and close of an existing log of {@code entries}
 * entries (payload 100 B, built once per trial), in milliseconds per open+close. The target: a 1M-entry log opens
 * within 2x of an empty one (open is O(1), no scan).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(1)
public class OpenBenchmark {
    @Param({"0", "1000000"})
    public int entries;

    private Path dir;

    @Setup(Level.Trial)
    public void build() {
        dir = Support.freshDir("open");
        Support.fill(dir, entries, ReadBenchmark.PAYLOAD, 0);
    }

    @TearDown(Level.Trial)
    public void delete() {
        Support.deleteTree(dir);
    }

    @Benchmark
    public long openClose() {
        try (EventLog log = Support.openLog(dir, Durability.WAL)) {
            return log.head().seq();
        }
    }
}
