package dev.chainlog.core;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Generates the uuids of events that come without one: RFC 9562 version 7, i.e. a 48-bit Unix-millisecond
 * timestamp (taken from the entry's {@code ts}) followed by 74 bits that are random at the start of each
 * millisecond and count up within it (RFC 9562 §6.2, method 2), so every uuid is greater than the one before.
 *
 * <p>Within a millisecond each uuid adds a random step of up to 2^32 (RFC 9562 allows a random increment), so
 * whoever reads one generated uuid cannot name the next one in advance and take it first with an append of their
 * own (generated uuids are not looked up in the index; their randomness is what keeps them unique).
 *
 * <p>Why not random (version 4) uuids: the {@code by_uuid} index is keyed by the uuid, and random keys land all
 * over RocksDB's memtable and overlap in every table file; increasing keys are appended at the end of both, which
 * was the largest single cost of a one-entry append after the WAL write itself. The 74 random bits per millisecond
 * keep the ids unguessable enough to be unique across processes and restarts (a restart with the clock stepped
 * back draws a fresh random start).
 *
 * <p>Not thread-safe: used by the single writer only.
 */
final class TimeOrderedUuids {
    private static final long MAX_MILLIS = (1L << 48) - 1;
    private static final long LOW_62 = (1L << 62) - 1;

    /** Unpredictable, as for UUID.randomUUID (which the generated ids used to be): outputs do not reveal the next. */
    private final SecureRandom random = new SecureRandom();
    /**
     * Random bits drawn from {@link #random} a block at a time: one {@code nextBytes} per 512 longs instead of a
     * call (and the provider's lock) per uuid, the largest cost of a generated uuid in a batch.
     */
    private final java.nio.ByteBuffer bits = java.nio.ByteBuffer.allocate(4096).position(4096);
    private long millis = -1;
    private long randA; // 12 bits
    private long randB; // 62 bits

    /** A uuid for an entry stamped {@code tsMicros}; greater than every uuid this generator returned before. */
    UUID next(long tsMicros) {
        long ms = Math.min(MAX_MILLIS, Math.max(0, tsMicros / 1000));
        long step = 1 + (randomLong() & 0xFFFF_FFFFL);
        if (ms > millis) {
            millis = ms;
            randA = randomLong() & 0xFFF;
            randB = randomLong() & LOW_62;
        } else if (randB <= LOW_62 - step) {
            randB += step;
        } else if (randA < 0xFFF) {
            randA++;
            randB = randomLong() & 0xFFFF_FFFFL;
        } else {
            // 2^74 uuids within one millisecond cannot happen; borrow the next millisecond rather than repeat
            millis++;
            randA = randomLong() & 0xFFF;
            randB = randomLong() & LOW_62;
        }
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = Long.MIN_VALUE | randB; // variant 0b10
        return new UUID(msb, lsb);
    }

    private long randomLong() {
        if (!bits.hasRemaining()) {
            random.nextBytes(bits.array());
            bits.clear();
        }
        return bits.getLong();
    }
}
