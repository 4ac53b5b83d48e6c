package dev.chainlog.bench.peers;

import dev.chainlog.bench.Support;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;
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

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Peer: LMDB (lmdbjava), one write transaction per op putting the chainlog stored value (payload 100 B) under an
 * 8-byte big-endian seq key with {@code MDB_APPEND}. {@code SYNC} = LMDB's default (fsync at commit);
 * {@code WAL} = {@code MDB_NOSYNC} (commit writes to the file, no fsync: survives a process crash, not a power loss).
 * LMDB is a copy-on-write B-tree without a WAL. JVM flags: lmdbjava's documented {@code --add-opens} for Java 9+.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"})
@Threads(1)
public class LmdbBenchmark {
    @Param({"SYNC", "WAL"})
    public String durability;

    private Path dir;
    private Env<ByteBuffer> env;
    private Dbi<ByteBuffer> db;
    private ByteBuffer key;
    private ByteBuffer val;
    private long seq;

    @Setup(Level.Trial)
    public void open() {
        byte[] value = Support.storedValue(100);
        dir = Support.freshDir("lmdb");
        Env.Builder<ByteBuffer> b = Env.create().setMapSize(16L << 30).setMaxDbs(1);
        env = "SYNC".equals(durability) ? b.open(dir.toFile()) : b.open(dir.toFile(), EnvFlags.MDB_NOSYNC);
        db = env.openDbi("log", DbiFlags.MDB_CREATE);
        key = ByteBuffer.allocateDirect(8);
        val = ByteBuffer.allocateDirect(value.length);
        val.put(value).flip();
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
        env.close();
        Support.deleteTree(dir);
    }

    @Benchmark
    public void putCommit() {
        key.clear();
        key.putLong(++seq).flip(); // ByteBuffer is big-endian by default
        val.rewind();
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            db.put(txn, key, val, PutFlags.MDB_APPEND);
            txn.commit();
        }
    }
}
