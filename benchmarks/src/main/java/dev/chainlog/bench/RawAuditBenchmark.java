package dev.chainlog.bench;

import dev.chainlog.api.Durability;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * Baseline for {@link AuditAppendBenchmark}: raw RocksDB writes of the stored values chainlog writes for the same
 * audit events ({@link AuditEvents#storedValues}, cycled), under 8-byte seq keys, with chainlog's WriteOptions per
 * durability, into a fresh default RocksDB per trial: one put per op from 1, 4, 16 and 64 threads, and WriteBatches of
 * 1,000 puts. No event building, hashing, index, checksum, tree or meta: the storage engine's limit for these bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class RawAuditBenchmark {
    @Param({"SYNC", "WAL", "NONE"})
    public Durability durability;

    private RawRocks db;
    private byte[][] values;

    @Setup(Level.Trial)
    public void openDb() {
        values = AuditEvents.storedValues();
        db = new RawRocks("rawaudit", durability);
    }

    @TearDown(Level.Trial)
    public void closeDb() {
        db.close();
    }

    /** One writer thread's position in the values. */
    @State(Scope.Thread)
    public static class Writer {
        int i;
    }

    @Benchmark
    @Threads(1)
    public void put(Writer w) {
        put0(w);
    }

    private void put0(Writer w) {
        db.put(values[w.i++ & (AuditEvents.VALUES - 1)]);
    }

    @Benchmark
    @Threads(4)
    public void put_t04(Writer w) {
        put0(w);
    }

    @Benchmark
    @Threads(16)
    public void put_t16(Writer w) {
        put0(w);
    }

    @Benchmark
    @Threads(64)
    public void put_t64(Writer w) {
        put0(w);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(1000)
    public void batch1000(Writer w) {
        db.putBatch(values, w.i, 1000);
        w.i += 1000;
    }
}
