package dev.chainlog.disabled;

import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.InvalidEventException;
import dev.chainlog.api.LogClosedException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisabledEventLogTest {
    private final EventLog log = EventLogs.open(EventLogConfig.builder().backend("disabled").build());

    @Test
    void storesNothingYetHandsOutMonotonicChainedSeqs() {
        Entry a = log.append(Event.of("k", Map.of("a", 1)));
        List<Entry> batch = log.appendBatch(List.of(Event.of("k"), Event.of("k")));
        Entry d = log.appendAsync(Event.of("k")).join();
        assertEquals(1, a.seq());
        assertEquals(List.of(2L, 3L), batch.stream().map(Entry::seq).toList());
        assertEquals(4, d.seq());
        assertEquals(a.hash(), batch.get(0).prev());
        assertEquals(d.hash(), log.head().hash());
        assertTrue(log.read(0, 100).entries().isEmpty());
        assertTrue(log.get(1).isEmpty());
        assertTrue(log.findByUuid(a.uuid()).isEmpty());
        assertEquals(0, log.stats().count());
        assertEquals(4, log.stats().appended());
        assertTrue(log.verify().ok());
    }

    @Test
    void stillRejectsBadInputAndClosesCleanly() {
        assertThrows(InvalidEventException.class, () -> log.append(Event.of(" ")));
        assertThrows(IllegalArgumentException.class, () -> log.read(0, -1));
        assertEquals(1, log.append(Event.of("k")).seq());
        log.close();
        assertThrows(LogClosedException.class, () -> log.append(Event.of("k")));
    }
}
