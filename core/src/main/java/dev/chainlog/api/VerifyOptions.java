package dev.chainlog.api;

/**
 * What {@link EventLog#verify(VerifyOptions)} checks beyond the chain.
 *
 * @param expectedHead a head pinned earlier outside the log (null: none). The log must still reach it with the
 *                     same hash; a shorter log is {@link ProblemKind#TRUNCATED}, another hash there
 *                     {@link ProblemKind#HEAD_MISMATCH}
 * @param deep         also run the storage engine's own checksum verification (block checksums), where the
 *                     backend has one
 */
public record VerifyOptions(Head expectedHead, boolean deep) {
    public static final VerifyOptions DEFAULT = new VerifyOptions(null, false);

    public static VerifyOptions expecting(Head head) {
        return new VerifyOptions(head, false);
    }

    public VerifyOptions withDeep(boolean d) {
        return new VerifyOptions(expectedHead, d);
    }
}
