package dev.chainlog.bench;

import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.Page;
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
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The read side over a log of {@code entries} entries (payload 100 B), built once per trial (NONE durability,
 * batches of 10,000, then closed and reopened with the default durability, so reads come from SST files and
 * the page cache, as after a restart).
 *
 * <ul>
 *   <li>{@code replay}: read every entry in seq order with {@code read(since, 1000)} pages; score = entries/s.</li>
 *   <li>{@code verify}: {@code verify()} over the whole log (chain, checksums, seqs, head); score = entries/s.</li>
 *   <li>{@code readPage}: one {@code read(since, 100)} at a random cursor; score = microseconds per page.</li>
 *   <li>{@code findByUuid}: one lookup of a random existing uuid; score = microseconds per lookup.</li>
 * </ul>
 * The replay and verify scores assume the default {@code entries} of 1,000,000 (JMH's operations-per-invocation is
 * fixed at compile time); with another size the renderer rescales them.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(1)
public class ReadBenchmark {
    public static final int PAYLOAD = 100;
    public static final int FULL_LOG = 1_000_000;

    @Param({"1000000"})
    public int entries;

    private Path dir;
    private EventLog log;
    private String[] uuids;

    @Setup(Level.Trial)
    public void build() {
        dir = Support.freshDir("read");
        List<String> sample = Support.fill(dir, entries, PAYLOAD, 4096);
        uuids = sample.toArray(new String[0]);
        log = Support.openLog(dir, Durability.WAL);
    }

    @TearDown(Level.Trial)
    public void close() {
        log.close();
        Support.deleteTree(dir);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(FULL_LOG)
    public long replay(Blackhole bh) {
        long since = 0;
        long n = 0;
        while (true) {
            Page page = log.read(since, 1000);
            List<Entry> list = page.entries();
            if (list.isEmpty()) {
                break;
            }
            for (Entry e : list) {
                bh.consume(e);
            }
            n += list.size();
            since = page.nextSince();
        }
        if (n != entries) {
            throw new IllegalStateException("replayed " + n + " of " + entries);
        }
        return n;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(FULL_LOG)
    public IntegrityReport verify() {
        IntegrityReport r = log.verify();
        if (!r.ok() || r.checked() != entries) {
            throw new IllegalStateException("verify: " + r.summary());
        }
        return r;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Page readPage() {
        long since = ThreadLocalRandom.current().nextLong(Math.max(1, entries - 100));
        return log.read(since, 100);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Optional<Entry> findByUuid() {
        String uuid = uuids[ThreadLocalRandom.current().nextInt(uuids.length)];
        Optional<Entry> e = log.findByUuid(uuid);
        if (e.isEmpty()) {
            throw new IllegalStateException("uuid not found: " + uuid);
        }
        return e;
    }
}
