package dev.chainlog.bench.peers;

import dev.chainlog.bench.Support;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Peer: SQLite (xerial sqlite-jdbc) in WAL journal mode, one autocommitted INSERT per op of the chainlog stored
 * value (payload 100 B) under an INTEGER PRIMARY KEY seq. {@code WAL} = {@code synchronous=NORMAL} (no fsync per
 * commit; survives a process crash, like chainlog's WAL mode); {@code SYNC} = {@code synchronous=FULL} (the WAL is
 * fsynced at every commit, like chainlog's SYNC). No hashing, chaining or JSON: it stores bytes it is given.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(1)
public class SqliteBenchmark {
    @Param({"SYNC", "WAL"})
    public String durability;

    private Path dir;
    private Connection conn;
    private PreparedStatement insert;
    private byte[] value;
    private long seq;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        value = Support.storedValue(100);
        dir = Support.freshDir("sqlite");
        conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("log.db"));
        try (Statement s = conn.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=" + ("SYNC".equals(durability) ? "FULL" : "NORMAL"));
            s.execute("CREATE TABLE log (seq INTEGER PRIMARY KEY, value BLOB NOT NULL)");
        }
        conn.setAutoCommit(true);
        insert = conn.prepareStatement("INSERT INTO log (seq, value) VALUES (?, ?)");
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        insert.close();
        conn.close();
        Support.deleteTree(dir);
    }

    @Benchmark
    public int insert() throws SQLException {
        insert.setLong(1, ++seq);
        insert.setBytes(2, value);
        return insert.executeUpdate();
    }
}
