package dev.chainlog.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A user of chainlog-core pulls no metrics library: Micrometer is not on this module's class path (its tests see
 * exactly what core depends on), and a log opened without an observer tells nobody anything.
 */
class NoMetricsDependencyTest {
    @Test
    void micrometerIsNotOnCoresClassPathAndALogRunsWithoutAnObserver() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.micrometer.core.instrument.MeterRegistry"));
        EventLogConfig config = EventLogConfig.memory();
        assertEquals(LogObserver.NONE, config.observer());
        try (EventLog log = EventLogs.open(config)) {
            log.append(Event.of("no.metrics"));
            assertEquals(1, log.head().seq());
        }
    }
}
