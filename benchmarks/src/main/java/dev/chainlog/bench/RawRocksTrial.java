package dev.chainlog.bench;

import dev.chainlog.api.Durability;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The trial every raw RocksDB baseline runs: a fresh database ({@link RawRocks}) per trial and durability, and the
 * stored value chainlog writes for the benchmark's event ({@link Support#storedValue}), so both sides write the
 * same bytes with the same WriteOptions.
 */
@State(Scope.Benchmark)
public abstract class RawRocksTrial {
    @Param({"SYNC", "WAL", "NONE"})
    public Durability durability;

    protected RawRocks db;
    protected byte[] value;

    /** Names the trial's folder. */
    protected abstract String folderPrefix();

    /** The payload size whose stored value the baseline writes. */
    protected abstract int payloadBytes();

    @Setup(Level.Trial)
    public void openDb() {
        value = Support.storedValue(payloadBytes());
        db = new RawRocks(folderPrefix(), durability);
    }

    @TearDown(Level.Trial)
    public void closeDb() {
        db.close();
    }
}
