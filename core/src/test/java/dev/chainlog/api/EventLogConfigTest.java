package dev.chainlog.api;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLogConfigTest {

    @Test
    void backendNamesParseAndAnUnknownOneIsRefusedWhenOpened() {
        assertEquals(Backend.ROCKSDB, Backend.parse("rocksdb"));
        assertEquals(Backend.MEMORY, Backend.parse(" Memory "));
        assertEquals(Backend.DISABLED, Backend.parse("DISABLED"));
        for (String bad : new String[] {null, "", "two words", "9lives", "rocks_db"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> Backend.parse(bad), String.valueOf(bad));
            assertTrue(e.getMessage().contains("lowercase letters, digits and dashes"), e.getMessage());
        }
        // A well-formed name is a provider's to claim; none on the class path claims "redis".
        ConfigException none = assertThrows(ConfigException.class, () -> EventLogs.open(EventLogConfig.builder()
                .backend(Backend.parse("redis")).build()));
        assertTrue(none.getMessage().contains("the redis backend is not on the class path (the backends on it: "
                + "disabled, memory)"), none.getMessage());
    }

    @Test
    void theFactoryOpensEachBackendByName() {
        try (EventLog memory = EventLogs.open(EventLogConfig.fromProperties(Map.of("backend", "memory")))) {
            assertEquals("memory", memory.stats().backend());
            assertEquals(1, memory.append(Event.of("k")).seq());
        }
        try (EventLog disabled = EventLogs.open(EventLogConfig.fromProperties(Map.of("backend", "disabled")))) {
            assertEquals("disabled", disabled.stats().backend());
        }
    }

    @Test
    void rocksdbIsTheDefaultBackendAndNeedsItsModule() {
        assertEquals(Backend.ROCKSDB, EventLogConfig.builder().path(Path.of("x")).build().backend());
        assertThrows(ConfigException.class, () -> EventLogConfig.builder().build(), "rocksdb needs a path");
        // core's own tests run without chainlog-storage-rocksdb on the class path
        ConfigException e = assertThrows(ConfigException.class,
                () -> EventLogs.open(EventLogConfig.rocksdb(Path.of("target/never-created"))));
        assertTrue(e.getMessage().contains("chainlog-storage-rocksdb"), e.getMessage());
    }

    @Test
    void invalidNumbersAreErrorsNotSilentDefaults() {
        assertThrows(ConfigException.class, () -> EventLogConfig.fromProperties(Map.of("backend", "memory", "maxEntries", "-1")));
        ConfigException notNumber = assertThrows(ConfigException.class,
                () -> EventLogConfig.fromProperties(Map.of("backend", "memory", "maxEntries", "ten")));
        assertTrue(notNumber.getMessage().contains("maxEntries"), notNumber.getMessage());
        assertThrows(ConfigException.class, () -> EventLogConfig.fromProperties(Map.of("backend", "memory", "ttl", "0s")));
        assertThrows(ConfigException.class, () -> EventLogConfig.fromProperties(Map.of("backend", "memory", "ttl", "soon")));
        assertThrows(ConfigException.class, () -> EventLogConfig.fromProperties(Map.of("backend", "memory", "maxPayloadBytes", "1")));
        assertThrows(ConfigException.class, () -> EventLogConfig.fromProperties(Map.of("backend", "memory", "syncIntervalMs", "0")));
        ConfigException durability = assertThrows(ConfigException.class,
                () -> EventLogConfig.fromProperties(Map.of("backend", "memory", "durability", "fast")));
        assertTrue(durability.getMessage().contains("none, wal, sync"), durability.getMessage());
        ConfigException typo = assertThrows(ConfigException.class,
                () -> EventLogConfig.fromProperties(Map.of("backend", "memory", "max_entries", "5")));
        assertTrue(typo.getMessage().contains("max_entries"), typo.getMessage());
    }

    @Test
    void propertiesParse() {
        EventLogConfig c = EventLogConfig.fromProperties(Map.of("backend", "rocksdb", "path", "/tmp/x", "durability", "sync",
                "ttl", "7d", "maxEntries", "1000", "maxPayloadBytes", "4096", "syncIntervalMs", "50"));
        assertEquals(Durability.SYNC, c.durability());
        assertEquals(Duration.ofDays(7), c.ttl());
        assertEquals(1000, c.maxEntries());
        assertEquals(4096, c.maxPayloadBytes());
        assertEquals(Duration.ofMillis(50), c.syncInterval());
        assertEquals(Duration.ofHours(24), EventLogConfig.parseDuration("ttl", "PT24H"));
        assertEquals(Duration.ofMillis(500), EventLogConfig.parseDuration("ttl", "500ms"));
    }

    @Test
    void theMemoryBackendIsAlwaysBounded() {
        assertEquals(EventLogConfig.DEFAULT_MEMORY_MAX_ENTRIES, EventLogConfig.memory().effectiveMaxEntries());
        assertEquals(0, EventLogConfig.rocksdb(Path.of("x")).effectiveMaxEntries());
        try (EventLog log = EventLogs.open(EventLogConfig.memory().toBuilder().maxEntries(100).build())) {
            for (int i = 0; i < 1000; i++) {
                log.append(Event.of("k"));
            }
            assertEquals(100, log.stats().count());
            assertInstanceOf(dev.chainlog.core.ChainedEventLog.class, log);
            // The store follows: its cuts are prepared off the writer and committed between groups, so once the
            // writer is idle it holds at most maxEntries plus the cut slack (an eighth).
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (log.verify().checked() > 100 + 100 / 8 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertTrue(log.verify().checked() <= 100 + 100 / 8, "stored " + log.verify().checked());
        }
    }
}
