package dev.chainlog.core;

import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.MalformedValueException;
import dev.chainlog.store.ConsumerCursor;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.RecordCursor;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides the log start: the first seq readers may see, given {@code ttl} and {@code maxEntries}
 * (docs/DESIGN.md: Retention).
 *
 * <p>Two starts exist. The <em>visible</em> start is exact at every read: an entry past its ttl or beyond
 * maxEntries is never returned, even when nobody appends. The <em>stored</em> start ({@code LogMeta.logStartSeq})
 * is where the store was physically cut; the writer moves it up to the visible start in chunks, so a busy log does
 * not write one range deletion per append.
 *
 * <p>Durable consumers may hold retention (docs/DESIGN.md: Durable consumers): a consumer at seq p with a bound of N
 * keeps the entries after p visible and stored while it is at most N behind the head — the start is then at most
 * {@code max(p + 1, head + 1 − N)} — so a dead consumer holds at most N entries beyond what ttl and maxEntries keep.
 * A hold only keeps what is still there: it never brings back what the start already passed.
 *
 * <p>Invariant: the visible start only moves forward (kept as a running maximum), even if the clock steps back, a
 * hold is set or a consumer moves back. Because {@code ts} never decreases along seq, the ttl cut is a binary search
 * over seq.
 */
final class Retention {
    private final long ttlMicros;
    private final long maxEntries;
    private final Clock clock;
    private final LogStore store;
    private final AtomicLong visibleStart = new AtomicLong(1);
    /** The holds of the durable consumers that hold retention: their positions and bounds (replaced, never mutated). */
    private volatile List<ConsumerCursor> holds = List.of();

    Retention(Duration ttl, long maxEntries, Clock clock, LogStore store) {
        this.ttlMicros = ttl == null ? 0 : Math.max(1, saturatedMicros(ttl));
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.store = store;
    }

    boolean enabled() {
        return ttlMicros > 0 || maxEntries > 0;
    }

    /** The durable consumers' cursors as stored now: those with a hold bound hold retention from here on. */
    void holdFor(java.util.Collection<ConsumerCursor> cursors) {
        holds = cursors.stream().filter(c -> c.holdEntries() > 0).toList();
    }

    /** The lowest start the holds allow for a log whose head is {@code headSeq} (Long.MAX_VALUE: none). */
    private long holdFloor(long headSeq) {
        long floor = Long.MAX_VALUE;
        for (ConsumerCursor c : holds) {
            floor = Math.min(floor, Math.max(c.seq() + 1, headSeq + 1 - c.holdEntries()));
        }
        return floor;
    }

    /** The first seq readers may see now. Costs no I/O unless the ttl cut moved. */
    long visibleStart(LogMeta meta) {
        long start = Math.max(visibleStart.get(), meta.logStartSeq());
        if (maxEntries > 0) {
            start = Math.max(start, meta.headSeq() - maxEntries + 1);
        }
        if (ttlMicros > 0 && start <= meta.headSeq()) {
            long cutoff = nowMicros() - ttlMicros;
            if (meta.headTs() < cutoff) {
                start = meta.headSeq() + 1;
            } else {
                start = firstNotExpired(start, meta.headSeq(), cutoff);
            }
        }
        start = Math.min(start, holdFloor(meta.headSeq()));
        return visibleStart.accumulateAndGet(Math.min(start, meta.headSeq() + 1), Math::max);
    }

    /**
     * The visible start once a group moved the head to {@code headSeq}, from the visible start computed for the
     * group ({@code visibleStart}): only the maxEntries bound moves with the head, so no store read is needed.
     */
    long startAfter(long visibleStart, long headSeq) {
        long start = maxEntries > 0 ? Math.max(visibleStart, headSeq - maxEntries + 1) : visibleStart;
        start = Math.max(visibleStart, Math.min(start, holdFloor(headSeq)));
        return Math.min(start, headSeq + 1);
    }

    /**
     * How many entries the writer may leave stored beyond the visible start before it cuts: an eighth of
     * maxEntries (at most 10,000), so the stored size stays within ~12% of the bound.
     */
    long cutSlack() {
        return maxEntries > 0 ? Math.max(1, Math.min(maxEntries / 8, 10_000)) : 0;
    }

    long nowMicros() {
        java.time.Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1000);
    }

    /** The lowest seq in {@code [from, head]} whose ts is at or after {@code cutoff}, given ts(head) >= cutoff. */
    private long firstNotExpired(long from, long head, long cutoff) {
        long lo = from;
        long hi = head;
        if (tsAtOrAfter(lo, head) >= cutoff) {
            return lo;
        }
        // Invariant: ts(lo) < cutoff <= ts(hi).
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (tsAtOrAfter(mid, hi) >= cutoff) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /**
     * ts of the first readable entry at or after {@code seq} (a damaged or missing entry is skipped: retention
     * must not stall on damage that verify reports); Long.MAX_VALUE when there is none up to {@code limit}.
     */
    private long tsAtOrAfter(long seq, long limit) {
        byte[] value = store.value(seq);
        if (value != null) {
            try {
                return EntryCodec.readHeader(value).ts();
            } catch (MalformedValueException ignored) {
                // fall through to the scan
            }
        }
        try (RecordCursor c = store.scanValues(seq, limit)) {
            while (c.next()) {
                try {
                    return EntryCodec.readHeader(c.value()).ts();
                } catch (MalformedValueException ignored) {
                    // keep looking
                }
            }
        }
        return Long.MAX_VALUE;
    }

    private static long saturatedMicros(Duration d) {
        try {
            return Math.multiplyExact(d.getSeconds(), 1_000_000L) + d.getNano() / 1000;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
