package dev.chainlog.metrics;

import dev.chainlog.api.ConsumerPosition;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.LogObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A chainlog log's metrics in a Micrometer registry, tagged {@code log=<name>} — what an operator graphs and alerts
 * on (README: Metrics). Give it to the log as its observer, then {@link #bind} the opened log for the gauges:
 *
 * <pre>
 * ChainlogMetrics metrics = new ChainlogMetrics(registry, "audit");
 * EventLog log = EventLogs.open(EventLogConfig.builder().path(dir).observer(metrics).build());
 * metrics.bind(log).verifyEvery(Duration.ofHours(1), report -&gt; alert(report.summary()));
 * </pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><td>{@code chainlog.append.latency}</td><td>timer (histogram)</td><td>blocking appends, submit to ack</td></tr>
 *   <tr><td>{@code chainlog.commit.duration}</td><td>timer, tag {@code synced}</td><td>one per commit group: the store's
 *       write and fsync</td></tr>
 *   <tr><td>{@code chainlog.commit.group.size}</td><td>summary</td><td>append requests per commit group</td></tr>
 *   <tr><td>{@code chainlog.entries.appended}, {@code chainlog.bytes.appended}</td><td>counters</td><td>stored entries
 *       and their bytes</td></tr>
 *   <tr><td>{@code chainlog.retention.cuts}, {@code chainlog.retention.entries.removed}</td><td>counters</td><td>cuts
 *       committed and the stored entries they removed</td></tr>
 *   <tr><td>{@code chainlog.head.seq}, {@code chainlog.entries.retained}</td><td>gauges</td><td>the head, retained
 *       entries</td></tr>
 *   <tr><td>{@code chainlog.writer.queue}</td><td>gauge</td><td>appends queued for the writer, not yet taken</td></tr>
 *   <tr><td>{@code chainlog.retention.reclaimed}</td><td>gauge (bytes)</td><td>table file bytes given back after
 *       cuts since the log opened (rocksdb)</td></tr>
 *   <tr><td>{@code chainlog.consumer.lag}</td><td>gauge, tag {@code consumer}</td><td>head − committed seq, per durable
 *       consumer (refreshed by {@link #refresh})</td></tr>
 *   <tr><td>{@code chainlog.verify.last.ok}, {@code chainlog.verify.last.age}</td><td>gauges</td><td>1 when the last
 *       verify found nothing, 0 when it found damage, −1 before any; seconds since it ran (−1 before any)</td></tr>
 *   <tr><td>{@code chainlog.checkpoint.age}</td><td>gauge</td><td>seconds since the log last signed a checkpoint
 *       (−1 before any)</td></tr>
 * </table>
 *
 * <p>Thread-safe. {@link #close} stops the scheduled verify; the meters stay in the registry.
 */
public final class ChainlogMetrics implements LogObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainlogMetrics.class);

    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer appendLatency;
    private final Timer commitSynced;
    private final Timer commitUnsynced;
    private final DistributionSummary groupSize;
    private final Counter entries;
    private final Counter bytes;
    private final Counter cuts;
    private final Counter removed;
    private final AtomicLong lastVerifyOk = new AtomicLong(-1);
    private final AtomicLong lastVerifyNanos = new AtomicLong();
    private final AtomicLong lastCheckpointNanos = new AtomicLong();
    private final AtomicReference<EventLog> bound = new AtomicReference<>();
    private MultiGauge consumerLag;
    private ScheduledExecutorService scheduler;

    public ChainlogMetrics(MeterRegistry registry, String logName) {
        this.registry = registry;
        this.tags = Tags.of("log", logName);
        this.appendLatency = Timer.builder("chainlog.append.latency").tags(tags).publishPercentileHistogram()
                .description("blocking appends, from submit to acknowledgement").register(registry);
        this.commitSynced = commitTimer(true);
        this.commitUnsynced = commitTimer(false);
        this.groupSize = DistributionSummary.builder("chainlog.commit.group.size").tags(tags)
                .description("append requests per commit group").register(registry);
        this.entries = Counter.builder("chainlog.entries.appended").tags(tags).register(registry);
        this.bytes = Counter.builder("chainlog.bytes.appended").tags(tags).baseUnit("bytes").register(registry);
        this.cuts = Counter.builder("chainlog.retention.cuts").tags(tags).register(registry);
        this.removed = Counter.builder("chainlog.retention.entries.removed").tags(tags).register(registry);
        Gauge.builder("chainlog.verify.last.ok", lastVerifyOk, AtomicLong::get).tags(tags).register(registry);
        Gauge.builder("chainlog.verify.last.age", this, m -> m.ageSeconds(m.lastVerifyNanos)).tags(tags)
                .baseUnit("seconds").register(registry);
        Gauge.builder("chainlog.checkpoint.age", this, m -> m.ageSeconds(m.lastCheckpointNanos)).tags(tags)
                .baseUnit("seconds").register(registry);
    }

    /** Registers the gauges read from {@code log} (head, retained entries, consumer lag); returns this. */
    public ChainlogMetrics bind(EventLog log) {
        if (!bound.compareAndSet(null, log)) {
            throw new IllegalStateException("these metrics are bound to a log already");
        }
        Gauge.builder("chainlog.head.seq", log, l -> l.head().seq()).tags(tags).register(registry);
        Gauge.builder("chainlog.entries.retained", log, l -> l.stats().count()).tags(tags).register(registry);
        Gauge.builder("chainlog.writer.queue", log, l -> l.stats().queued()).tags(tags)
                .description("appends and writer actions queued, not yet taken by the writer").register(registry);
        Gauge.builder("chainlog.retention.reclaimed", log, l -> l.stats().reclaimedBytes()).tags(tags).baseUnit("bytes")
                .description("table file bytes given back after retention cuts since the log was opened").register(registry);
        consumerLag = MultiGauge.builder("chainlog.consumer.lag").tags(tags)
                .description("entries between a durable consumer's committed position and the head").register(registry);
        refresh();
        return this;
    }

    /** Reads the consumers' positions again, for {@code chainlog.consumer.lag} (a new consumer appears, a deleted one goes). */
    public void refresh() {
        EventLog log = bound.get();
        if (log == null) {
            return;
        }
        long head = log.head().seq();
        List<ConsumerPosition> consumers = log.consumers();
        consumerLag.register(consumers.stream().map(c -> MultiGauge.Row.of(Tags.of("consumer", c.name()), head - c.seq()))
                .toList(), true);
    }

    /**
     * Verifies the bound log every {@code every} on a daemon thread (the first run after one interval), refreshing
     * the consumers' lag too; {@code onFailure} hears of a report with problems (and of an exception, as a report it
     * could not make: logged). Returns this.
     */
    public synchronized ChainlogMetrics verifyEvery(Duration every, Consumer<IntegrityReport> onFailure) {
        EventLog log = bound.get();
        if (log == null) {
            throw new IllegalStateException("bind the log first");
        }
        if (scheduler != null) {
            throw new IllegalStateException("a scheduled verify runs already");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chainlog-scheduled-verify");
            t.setDaemon(true);
            return t;
        });
        long millis = every.toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                IntegrityReport report = log.verify(); // the log tells this observer (verified)
                refresh();
                if (!report.ok()) {
                    onFailure.accept(report);
                }
            } catch (RuntimeException e) {
                lastVerifyOk.set(0);
                LOG.error("chainlog: the scheduled verify could not run", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void appended(int count, long latencyNanos) {
        appendLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void committed(int appends, int count, long storedBytes, boolean synced, long commitNanos) {
        (synced ? commitSynced : commitUnsynced).record(commitNanos, TimeUnit.NANOSECONDS);
        groupSize.record(appends);
        entries.increment(count);
        bytes.increment(storedBytes);
    }

    @Override
    public void cut(long count, long logStartSeq) {
        cuts.increment();
        removed.increment(count);
    }

    @Override
    public void verified(IntegrityReport report, long nanos) {
        lastVerifyOk.set(report.ok() ? 1 : 0);
        lastVerifyNanos.set(System.nanoTime());
    }

    @Override
    public void checkpointSigned(long treeSize, long timeMicros) {
        lastCheckpointNanos.set(System.nanoTime());
    }

    private Timer commitTimer(boolean synced) {
        return Timer.builder("chainlog.commit.duration").tags(tags).tag("synced", Boolean.toString(synced))
                .description("one commit group: the store's write (and fsync)").register(registry);
    }

    private double ageSeconds(AtomicLong at) {
        long t = at.get();
        return t == 0 ? -1 : (System.nanoTime() - t) / 1e9;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
