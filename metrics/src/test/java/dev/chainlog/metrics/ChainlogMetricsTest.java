package dev.chainlog.metrics;

import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.checkpoint.CheckpointPolicy;
import dev.chainlog.checkpoint.NoteKeys;
import dev.chainlog.checkpoint.NoteSigner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meters move as README: Metrics says, on a real (memory-backed) log. */
class ChainlogMetricsTest {
    private static double gauge(MeterRegistry r, String name) {
        return r.get(name).tags("log", "audit").gauge().value();
    }

    @Test
    void theMetersFollowTheLogsWork() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        KeyPair keys = NoteKeys.generate();
        java.util.concurrent.CountDownLatch scheduledVerifies = new java.util.concurrent.CountDownLatch(3);
        try (ChainlogMetrics metrics = new ChainlogMetrics(registry, "audit");
             EventLog log = EventLogs.open(EventLogConfig.builder().backend(dev.chainlog.api.Backend.MEMORY)
                     .maxEntries(50).observer(new dev.chainlog.api.LogObserver() { // the metrics, and a latch on verify
                         @Override
                         public void appended(int entries, long latencyNanos) {
                             metrics.appended(entries, latencyNanos);
                         }

                         @Override
                         public void committed(int appends, int entries, long bytes, boolean synced, long nanos) {
                             metrics.committed(appends, entries, bytes, synced, nanos);
                         }

                         @Override
                         public void cut(long entries, long logStartSeq) {
                             metrics.cut(entries, logStartSeq);
                         }

                         @Override
                         public void verified(dev.chainlog.api.IntegrityReport report, long nanos) {
                             metrics.verified(report, nanos);
                             scheduledVerifies.countDown();
                         }

                         @Override
                         public void checkpointSigned(long treeSize, long timeMicros) {
                             metrics.checkpointSigned(treeSize, timeMicros);
                         }
                     })
                     .checkpoints(new CheckpointPolicy(List.of(new NoteSigner("chainlog/x", keys.getPrivate(),
                             keys.getPublic())), 40, null, null)).build())) {
            metrics.bind(log);
            assertEquals(-1, gauge(registry, "chainlog.verify.last.ok"), "before any verify");
            assertEquals(-1, gauge(registry, "chainlog.checkpoint.age"), "before any checkpoint");
            for (int i = 0; i < 30; i++) {
                log.append(Event.of("one"));
            }
            log.appendBatch(Collections.nCopies(70, Event.of("many")));

            assertEquals(31, registry.get("chainlog.append.latency").timer().count(), "blocking appends: 30 and a batch");
            assertEquals(100, registry.get("chainlog.entries.appended").counter().count());
            assertTrue(registry.get("chainlog.bytes.appended").counter().count() > 100 * 50);
            assertEquals(31, registry.get("chainlog.commit.group.size").summary().count(), "one per commit group");
            assertEquals(31, registry.get("chainlog.commit.duration").tags("synced", "false").timer().count());
            assertEquals(100, gauge(registry, "chainlog.head.seq"));
            assertEquals(50, gauge(registry, "chainlog.entries.retained"));
            assertEquals(0, gauge(registry, "chainlog.writer.queue"), "nothing queued once the appends returned");
            assertEquals(0, gauge(registry, "chainlog.retention.reclaimed"), "the memory store gives back no files");
            assertTrue(gauge(registry, "chainlog.checkpoint.age") >= 0, "a checkpoint every 40 entries");

            log.applyRetention();
            assertTrue(registry.get("chainlog.retention.cuts").counter().count() >= 1);
            assertTrue(registry.get("chainlog.retention.entries.removed").counter().count() >= 50);

            log.consumer("projector").commit(log.head().seq() - 7, log.get(log.head().seq() - 7).orElseThrow().hash());
            metrics.refresh();
            assertEquals(7, registry.get("chainlog.consumer.lag").tags(Tags.of("log", "audit", "consumer", "projector"))
                    .gauge().value());

            log.verify();
            assertEquals(1, gauge(registry, "chainlog.verify.last.ok"));
            assertTrue(gauge(registry, "chainlog.verify.last.age") >= 0);

            metrics.verifyEvery(Duration.ofMillis(20), report -> { });
            // one verify above, then the scheduled ones: the log tells its observer of each
            assertTrue(scheduledVerifies.await(60, TimeUnit.SECONDS), "the scheduled verify ran");
            assertEquals(1, gauge(registry, "chainlog.verify.last.ok"));
        }
    }

}
