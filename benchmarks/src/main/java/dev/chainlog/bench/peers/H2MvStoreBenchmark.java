package dev.chainlog.bench.peers;

import dev.chainlog.bench.Support;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
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
 * Peer: H2's MVStore, a {@code MVMap<Long, byte[]>} of seq to the chainlog stored value (payload 100 B), with
 * auto-commit off and {@code commit()} after every put. {@code WAL} = commit only (the chunk is written to the
 * file, no fsync: survives a process crash); {@code SYNC} = commit then {@code sync()} (fsync). MVStore has no
 * write-ahead log: each commit writes a new chunk with the changed B-tree pages, so the equivalence is loose.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(1)
public class H2MvStoreBenchmark {
    @Param({"SYNC", "WAL"})
    public String durability;

    private Path dir;
    private MVStore store;
    private MVMap<Long, byte[]> map;
    private byte[] value;
    private boolean sync;
    private long seq;

    @Setup(Level.Trial)
    public void open() {
        value = Support.storedValue(100);
        sync = "SYNC".equals(durability);
        dir = Support.freshDir("h2");
        store = new MVStore.Builder().fileName(dir.resolve("log.mv").toString()).autoCommitDisabled().open();
        map = store.openMap("log");
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
        Support.deleteTree(dir);
    }

    @Benchmark
    public long putCommit() {
        map.put(++seq, value);
        long version = store.commit();
        if (sync) {
            store.sync();
        }
        return version;
    }
}
