package dev.chainlog.bench.peers;

import dev.chainlog.bench.Support;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
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
 * Peer: Chronicle Queue (single queue, default roll cycle), one excerpt per op holding the seq and the chainlog
 * stored value (payload 100 B). The queue is a memory-mapped file: an append is a memory copy, never an fsync,
 * and there is no checksum or chain. It survives a process crash (the pages are the OS's), not a power loss, so it
 * is in the no-fsync class: compare it with chainlog's {@code WAL} and {@code NONE} modes.
 *
 * <p>Runs with the JVM flags Chronicle documents for Java 17, and with its usage analytics disabled: the
 * {@code chronicle-analytics} jar is excluded from the build and {@code chronicle.analytics.disable=true} is set, so
 * it never tries to reach the network.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g",
        "-Dchronicle.analytics.disable=true",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED"})
@Threads(1)
public class ChronicleQueueBenchmark {
    static {
        // Also set here, before any Chronicle class loads, for runs that do not fork (the smoke test).
        System.setProperty("chronicle.analytics.disable", "true");
    }

    @Param({"NOSYNC"})
    public String durability;

    private Path dir;
    private ChronicleQueue queue;
    private ExcerptAppender appender;
    private byte[] value;
    private long seq;

    @Setup(Level.Trial)
    public void open() {
        value = Support.storedValue(100);
        dir = Support.freshDir("chronicle");
        queue = SingleChronicleQueueBuilder.single(dir.toString()).build();
        appender = queue.createAppender();
    }

    @TearDown(Level.Trial)
    public void close() {
        appender.close();
        queue.close();
        Support.deleteTree(dir);
    }

    @Benchmark
    public void append() {
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().writeLong(++seq).write(value);
        }
    }
}
