package dev.chainlog.bench;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.DurableConsumer;
import dev.chainlog.api.Entry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cost of a durable consumer's commit (docs/DESIGN.md: Durable consumers), single thread, in the same run as a
 * plain append on the same log: {@code commit} moves the position to a stored entry (checked against its checksum,
 * then a commit of no entries and the cursor); {@code appendAndCommit} appends an event and moves the position in one
 * write; {@code append} is the plain append they compare with.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(1)
public class ConsumerBenchmark extends FreshLogTrial {
    private static final int ENTRIES = 10_000;
    private DurableConsumer consumer;
    private List<Entry> entries;
    private int next;

    @Override
    protected String folderPrefix() {
        return "consumer";
    }

    /** The trial's log, then its entries to commit positions at (JMH runs a subclass's own setup first). */
    @Override
    @Setup(Level.Trial)
    public void openLog() {
        super.openLog();
        entries = log.appendBatch(Support.events(ReadBenchmark.PAYLOAD, ENTRIES));
        consumer = log.consumer("bench");
    }

    @Benchmark
    public Entry append() {
        return log.append(Support.event(ReadBenchmark.PAYLOAD));
    }

    @Benchmark
    public int commit() {
        Entry e = entries.get(next++ % ENTRIES);
        consumer.commit(e);
        return (int) e.seq();
    }

    @Benchmark
    public List<Entry> appendAndCommit() {
        Entry processed = entries.get(next++ % ENTRIES);
        return consumer.appendAndCommit(AppendRequest.of(Support.event(ReadBenchmark.PAYLOAD)), processed);
    }
}
