package dev.chainlog.contract;

import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.Page;
import dev.chainlog.api.RequestIdConflictException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static dev.chainlog.contract.TestKit.assertIntact;
import static dev.chainlog.contract.TestKit.event;
import static dev.chainlog.contract.TestKit.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded random walk of appends, batches, idempotent retries, clock moves, retention, clears and reads, checked
 * step by step against a plain model (a sorted map of what should be retained). The seed is in every failure
 * message; set -Dchainlog.model.seed to replay one.
 */
public abstract class ModelContract extends ContractBase {
    private static final int STEPS = 1_500;

    @Test
    void randomOperationsAgreeWithASimpleModel() {
        long seed = Long.getLong("chainlog.model.seed", System.nanoTime());
        for (int run = 0; run < 4; run++) {
            runOnce(seed + run);
        }
    }

    private void runOnce(long seed) {
        Random rnd = new Random(seed);
        String ctx = "seed " + seed;
        long maxEntries = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(40);
        Duration ttl = rnd.nextBoolean() ? null : Duration.ofSeconds(5 + rnd.nextInt(60));
        MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
        EventLog log = logs().open(b -> b.clock(clock).maxEntries(maxEntries).ttl(ttl)).log();

        TreeMap<Long, Entry> model = new TreeMap<>();
        Map<String, List<Entry>> requests = new java.util.HashMap<>();
        Map<String, List<Event>> requestEvents = new java.util.HashMap<>();
        long head = 0;
        long start = 1;
        for (int step = 0; step < STEPS; step++) {
            start = Math.max(start, expectedStart(model, head, maxEntries, ttl, clock, start));
            int op = rnd.nextInt(100);
            if (op < 40) {
                Entry e = log.append(event(step));
                assertEquals(++head, e.seq(), ctx);
                model.put(e.seq(), e);
            } else if (op < 55) {
                String id = "req-" + rnd.nextInt(30);
                List<Event> earlierEvents = requestEvents.get(id);
                List<Entry> earlier = requests.get(id);
                boolean retry = earlier != null && rnd.nextBoolean();
                List<Event> events = new ArrayList<>();
                if (retry) {
                    events.addAll(earlierEvents);
                } else {
                    int n = 1 + rnd.nextInt(5);
                    for (int i = 0; i < n; i++) {
                        events.add(event(step * 10 + i));
                    }
                }
                dev.chainlog.api.AppendRequest request = new dev.chainlog.api.AppendRequest(events, id, null);
                boolean fullyRetained = earlier != null && earlier.get(0).seq() >= start;
                boolean partlyRetained = earlier != null && !fullyRetained && earlier.get(earlier.size() - 1).seq() >= start;
                if (fullyRetained && retry) {
                    assertEquals(earlier, log.append(request), ctx + ": a retry returns the original entries");
                } else if (fullyRetained || partlyRetained) {
                    assertThrows(RequestIdConflictException.class, () -> log.append(request), ctx);
                } else {
                    List<Entry> got = log.append(request);
                    assertEquals(head + 1, got.get(0).seq(), ctx);
                    head += got.size();
                    got.forEach(e -> model.put(e.seq(), e));
                    requests.put(id, got);
                    requestEvents.put(id, events);
                }
            } else if (op < 65) {
                clock.advance(Duration.ofSeconds(rnd.nextInt(20)));
            } else if (op < 67) {
                log.clear();
                start = head + 1;
            } else if (op < 70) {
                log.applyRetention();
            } else {
                long since = rnd.nextInt((int) head + 2);
                int limit = rnd.nextInt(20);
                Page page = log.read(since, limit);
                List<Long> expected = model.tailMap(Math.max(since + 1, start), true).keySet().stream()
                        .limit(limit).toList();
                assertEquals(expected, seqs(page.entries()), ctx + " step " + step + " read(" + since + "," + limit + ")");
                assertEquals(start, page.logStartSeq(), ctx);
                assertEquals(head, page.head().seq(), ctx);
            }
        }
        assertIntact(log.verify());
        start = Math.max(start, expectedStart(model, head, maxEntries, ttl, clock, start));
        assertEquals(start, log.logStartSeq(), ctx);
        assertTrue(log.stats().count() == Math.max(0, head - start + 1), ctx);
    }

    /** The model's rule: drop beyond maxEntries, drop ts older than now - ttl; never move back. */
    private static long expectedStart(TreeMap<Long, Entry> model, long head, long maxEntries, Duration ttl,
                                      MutableClock clock, long current) {
        long start = current;
        if (maxEntries > 0) {
            start = Math.max(start, head - maxEntries + 1);
        }
        if (ttl != null) {
            long cutoff = clock.instant().minus(ttl).toEpochMilli() * 1000;
            for (Entry e : model.tailMap(start, true).values()) {
                if (e.ts() >= cutoff) {
                    break;
                }
                start = e.seq() + 1;
            }
        }
        return Math.min(start, head + 1);
    }
}
