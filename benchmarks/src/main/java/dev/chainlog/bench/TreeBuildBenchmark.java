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
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one-time build of the Merkle tree of a log written before chainlog kept one (docs/FORMAT.md §9b): the first
 * writer's open of a {@code entries}-entry log whose {@code tree} column family is absent (dropped here, through the
 * raw RocksDB API, from a copy of a log built once per trial), in milliseconds per open, build included. Compare with
 * {@link OpenBenchmark}'s open of a log that has its tree.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(1)
public class TreeBuildBenchmark {
    @Param({"1000000"})
    public long entries;

    private Path built;
    private Path dir;

    @Setup(Level.Trial)
    public void build() {
        built = Support.freshDir("tree-build-source");
        Support.fill(built, entries, ReadBenchmark.PAYLOAD, 0);
    }

    /** A copy of the built log without its tree column family: what an older chainlog left. */
    @Setup(Level.Iteration)
    public void withoutTree() throws IOException, RocksDBException {
        dir = Support.freshDir("tree-build");
        Files.delete(dir);
        copy(built, dir);
        dropTree(dir);
    }

    @TearDown(Level.Iteration)
    public void deleteCopy() {
        Support.deleteTree(dir);
    }

    @TearDown(Level.Trial)
    public void delete() {
        Support.deleteTree(built);
    }

    @Benchmark
    public long openAndBuild() {
        try (EventLog log = Support.openLog(dir, Durability.WAL)) {
            return log.treeRoot(log.head().seq()).length;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("LOCK")) {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void dropTree(Path dir) throws RocksDBException {
        RocksDB.loadLibrary();
        String path = dir.toAbsolutePath().toString();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        try (Options listing = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(listing, path)) {
                descriptors.add(new ColumnFamilyDescriptor(name));
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.open(options, path, descriptors, handles)) {
            for (ColumnFamilyHandle h : handles) {
                if (new String(h.getName()).equals("tree")) {
                    db.dropColumnFamily(h);
                }
            }
            handles.forEach(ColumnFamilyHandle::close);
        }
    }
}
