package dev.chainlog.bench;

import dev.chainlog.api.ConsistencyProof;
import dev.chainlog.api.Durability;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.InclusionProof;
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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Proofs over the log's Merkle tree (docs/FORMAT.md §9), on a closed-and-reopened log of {@code entries} entries
 * (payload 100 B, built once per trial): an inclusion proof of a random seq in the tree of the head, and a
 * consistency proof from a random size to the head, in microseconds per proof, as a caller (the CLI's {@code prove})
 * asks for them — each reads O(log n) stored ranges, at most 128 hashes folded per level. The log is reopened after
 * the fill so the reads come from table files, as on a log that has been running for a while.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(1)
public class TreeBenchmark {
    @Param({"1000000", "10000000"})
    public long entries;

    private Path dir;
    private EventLog log;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void build() {
        dir = Support.freshDir("tree");
        Support.fill(dir, entries, ReadBenchmark.PAYLOAD, 0);
        log = Support.openLog(dir, Durability.WAL);
    }

    @TearDown(Level.Trial)
    public void delete() {
        log.close();
        Support.deleteTree(dir);
    }

    @Benchmark
    public InclusionProof inclusionProof() {
        return log.inclusionProof(1 + random.nextLong(entries), entries);
    }

    @Benchmark
    public ConsistencyProof consistencyProof() {
        return log.consistencyProof(1 + random.nextLong(entries), entries);
    }
}
