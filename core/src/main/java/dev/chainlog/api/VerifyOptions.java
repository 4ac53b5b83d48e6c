package dev.chainlog.api;

import java.util.function.LongConsumer;

/**
 * What {@link EventLog#verify(VerifyOptions)} checks beyond the chain.
 *
 * @param expectedHead a head pinned earlier outside the log (null: none). The log must still reach it with the
 *                     same hash; a shorter log is {@link ProblemKind#TRUNCATED}, another hash there
 *                     {@link ProblemKind#HEAD_MISMATCH}
 * @param deep         also run the storage engine's own checksum verification (block checksums), where the
 *                     backend has one
 * @param progress     called with the number of entries checked so far, every 65,536 entries (null: none)
 */
public record VerifyOptions(Head expectedHead, boolean deep, LongConsumer progress) {
    public static final VerifyOptions DEFAULT = new VerifyOptions(null, false, null);

    public VerifyOptions(Head expectedHead, boolean deep) {
        this(expectedHead, deep, null);
    }

    public static VerifyOptions expecting(Head head) {
        return new VerifyOptions(head, false, null);
    }

    public VerifyOptions withDeep(boolean d) {
        return new VerifyOptions(expectedHead, d, progress);
    }

    public VerifyOptions withProgress(LongConsumer p) {
        return new VerifyOptions(expectedHead, deep, p);
    }
}
