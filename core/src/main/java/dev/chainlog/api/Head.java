package dev.chainlog.api;

/**
 * The newest entry's seq and hash: the value an auditor pins outside the log to detect truncation later.
 * For an empty log, seq 0 and 64 zeros.
 *
 * @param seq  the newest seq ever assigned (0 when none); retention never lowers it
 * @param hash the hash of that entry, 64 lowercase hex chars
 */
public record Head(long seq, String hash) {
    /** Parses {@code SEQ:HASH}, the form the CLI prints and accepts. */
    public static Head parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected SEQ:HASH, got '" + text + "'");
        }
        long seq;
        try {
            seq = Long.parseLong(text.substring(0, colon));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected SEQ:HASH, the seq is not a number: '" + text + "'");
        }
        String hash = text.substring(colon + 1).toLowerCase(java.util.Locale.ROOT);
        dev.chainlog.chain.Hashes.fromHex(hash);
        return new Head(seq, hash);
    }

    @Override
    public String toString() {
        return seq + ":" + hash;
    }
}
