package dev.chainlog.bench;

import dev.chainlog.api.Durability;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.ReplayResult;
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
 * Crash-recovery replay of a {@code entries}-entry log (payload 100 B, built once per trial, reopened): from seq 1,
 * and from a snapshot taken after 90 % of the entries ({@code replay(name, …)}: the snapshot checked against the
 * chain, then the last 10 %). The handler folds each entry's seq into a sum, as an application rebuilds its state;
 * milliseconds per replay.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(1)
public class SnapshotReplayBenchmark {
    @Param({"1000000"})
    public long entries;

    private Path dir;
    private EventLog log;
    private long sum;

    @Setup(Level.Trial)
    public void build() {
        dir = Support.freshDir("snapshot-replay");
        Support.fill(dir, entries, ReadBenchmark.PAYLOAD, 0);
        log = Support.openLog(dir, Durability.WAL);
        long at = entries * 9 / 10;
        log.saveSnapshot("state", at, java.nio.ByteBuffer.allocate(8).putLong(at * (at + 1) / 2).array());
    }

    @TearDown(Level.Trial)
    public void delete() {
        log.close();
        Support.deleteTree(dir);
    }

    @Benchmark
    public long fromSeqOne() {
        sum = 0;
        ReplayResult r = log.replay("no-snapshot", s -> { }, e -> sum += e.seq());
        return r.entries() + sum;
    }

    @Benchmark
    public long fromSnapshot() {
        sum = 0;
        ReplayResult r = log.replay("state", s -> sum = java.nio.ByteBuffer.wrap(s.state()).getLong(), e -> sum += e.seq());
        return r.entries() + sum;
    }
}
