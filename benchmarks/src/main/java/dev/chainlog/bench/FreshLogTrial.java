package dev.chainlog.bench;

import dev.chainlog.api.Durability;
import dev.chainlog.api.EventLog;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;

/**
 * The trial every append benchmark runs: a fresh rocksdb-backed log in a new folder per trial and durability,
 * closed and deleted at the end of the trial. Subclasses add their {@code @Benchmark} methods.
 */
@State(Scope.Benchmark)
public abstract class FreshLogTrial {
    @Param({"SYNC", "WAL", "NONE"})
    public Durability durability;

    private Path dir;
    protected EventLog log;

    /** Names the trial's folder ({@code chainlog-bench-PREFIX-...}). */
    protected abstract String folderPrefix();

    @Setup(Level.Trial)
    public void openLog() {
        dir = Support.freshDir(folderPrefix());
        log = Support.openLog(dir, durability);
    }

    @TearDown(Level.Trial)
    public void closeLog() {
        log.close();
        Support.deleteTree(dir);
    }
}
