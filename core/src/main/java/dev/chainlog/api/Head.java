package dev.chainlog.api;

/**
 * The newest entry's seq and hash: the value an auditor pins outside the log to detect truncation later.
 * For an empty log, seq 0 and 64 zeros.
 *
 * @param seq  the newest seq ever assigned (0 when none); retention never lowers it
 * @param hash the hash of that entry, 64 lowercase hex chars
 */
public record Head(long seq, String hash) {
    /** The head of a log that never had an entry. */
    public static final Head EMPTY = new Head(0, "0".repeat(64));

    /** @throws IllegalArgumentException for a negative seq or a hash that is not 64 lowercase hex chars */
    public Head {
        if (seq < 0) {
            throw new IllegalArgumentException("a head's seq is 0 or more, got " + seq);
        }
        if (!isLowerHex64(hash)) {
            throw new IllegalArgumentException("a head's hash is 64 lowercase hex chars, got '" + hash + "'");
        }
    }

    private static boolean isLowerHex64(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses {@code SEQ:HASH}, the form the CLI prints and accepts: a decimal seq of 0 or more (no sign) and 64 hex
     * chars (either case).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Head parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected SEQ:HASH, got '" + text + "'");
        }
        String seqText = text.substring(0, colon);
        if (!seqText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("expected SEQ:HASH with SEQ a number of 0 or more, got '" + seqText + "'");
        }
        long seq;
        try {
            seq = Long.parseLong(seqText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected SEQ:HASH, the seq is too large: '" + seqText + "'");
        }
        return new Head(seq, text.substring(colon + 1).toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return seq + ":" + hash;
    }
}
