package dev.chainlog.rocksdb;

import dev.chainlog.api.CorruptLogException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What is left to do to give back the space of past retention cuts: the {@code reclaim} key of the {@code meta}
 * column family, written only by the {@link SpaceReclaimer} (its thread, or a caller of reclaim-now: one at a time),
 * in the same batch as the work it records. Because it is durable, a cut followed by a close, a crash or the end of
 * a CLI process is finished by whichever process next opens the log as its writer.
 *
 * <pre>
 * reclaim   32 bytes: int64 BE cleanedTo | int64 BE compactTo | int64 BE compactedTo | int64 BE prunedSinceIndexCompaction
 * </pre>
 * <ul>
 *   <li>{@code cleanedTo}: every stored entry below it has had its index keys deleted ({@link PrefixCut}); the
 *       values below the log start and at or above it are the cleanup still to do.</li>
 *   <li>{@code compactTo}: the seq below which the seq column families hold only deleted data, waiting for a
 *       compaction; {@code compactedTo}: how far the last one got. A reclaim is pending while
 *       {@code compactedTo < compactTo}.</li>
 *   <li>{@code prunedSinceIndexCompaction}: entries pruned since the index column families were last compacted
 *       whole (their tombstones are spread over the key space; see {@link SpaceReclaimer}).</li>
 * </ul>
 * Absent (a log never cut, or last cut by a chainlog that cut atomically): all zero.
 */
record ReclaimMark(long cleanedTo, long compactTo, long compactedTo, long prunedSinceIndexCompaction) {
    static final byte[] KEY = "reclaim".getBytes(StandardCharsets.US_ASCII);
    static final ReclaimMark NONE = new ReclaimMark(0, 0, 0, 0);
    private static final int LENGTH = 32;

    static ReclaimMark decode(byte[] value) {
        if (value == null) {
            return NONE;
        }
        if (value.length != LENGTH) {
            throw new CorruptLogException("meta reclaim is " + value.length + " bytes, expected " + LENGTH);
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        return new ReclaimMark(b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }

    byte[] encode() {
        return ByteBuffer.allocate(LENGTH).putLong(cleanedTo).putLong(compactTo).putLong(compactedTo)
                .putLong(prunedSinceIndexCompaction).array();
    }

    boolean compactionPending() {
        return compactedTo < compactTo;
    }

    ReclaimMark withCleanedTo(long seq) {
        return new ReclaimMark(Math.max(cleanedTo, seq), compactTo, compactedTo, prunedSinceIndexCompaction);
    }

    /** The cleanup of a cut to {@code cut} that removed {@code pruned} entries is done. */
    ReclaimMark cleaned(long cut, long pruned) {
        return new ReclaimMark(Math.max(cleanedTo, cut), Math.max(compactTo, cut), compactedTo,
                prunedSinceIndexCompaction + pruned);
    }

    /** A compaction gave back the space below {@code cut}, and of the index tombstones of {@code indexPruned}. */
    ReclaimMark compacted(long cut, long indexPruned) {
        return new ReclaimMark(cleanedTo, compactTo, Math.max(compactedTo, cut),
                Math.max(0, prunedSinceIndexCompaction - indexPruned));
    }
}
