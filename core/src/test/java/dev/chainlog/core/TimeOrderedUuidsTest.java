package dev.chainlog.core;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeOrderedUuidsTest {
    private static final long TS = 1_764_000_000_123_456L; // epoch micros

    @Test
    void generatedUuidsAreVersion7WithTheEntrysMillisecond() {
        UUID u = new TimeOrderedUuids().next(TS);
        assertEquals(7, u.version());
        assertEquals(2, u.variant());
        assertEquals(TS / 1000, u.getMostSignificantBits() >>> 16, "unix_ts_ms field");
    }

    /** The by_uuid index is keyed by the string form: it must increase as a string, within and across ms. */
    @Test
    void eachUuidSortsAfterThePreviousOneAsAStringAndNoneRepeats() {
        TimeOrderedUuids gen = new TimeOrderedUuids();
        Set<String> seen = new HashSet<>();
        String prev = "";
        long ts = TS;
        for (int i = 0; i < 200_000; i++) {
            if (i % 1000 == 0) {
                ts += 1000 * (i % 3); // same millisecond for long runs, then a step
            }
            String s = gen.next(ts).toString();
            assertTrue(s.compareTo(prev) > 0, prev + " then " + s);
            assertTrue(seen.add(s));
            prev = s;
        }
    }

    @Test
    void aClockThatStepsBackKeepsUuidsIncreasing() {
        TimeOrderedUuids gen = new TimeOrderedUuids();
        String a = gen.next(TS).toString();
        String b = gen.next(TS - 5_000_000).toString(); // the writer never passes a smaller ts; still safe if it did
        assertTrue(b.compareTo(a) > 0);
    }

    @Test
    void twoGeneratorsInTheSameMillisecondDoNotCollide() {
        Set<String> seen = new HashSet<>();
        for (int g = 0; g < 1000; g++) {
            assertTrue(seen.add(new TimeOrderedUuids().next(TS).toString()));
        }
    }
}
