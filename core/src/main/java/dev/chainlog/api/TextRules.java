package dev.chainlog.api;

/**
 * The rules every caller-supplied string field obeys. They are checked on the caller's thread, before an append
 * is queued, so a rejected event never reaches the writer and never consumes a seq.
 */
final class TextRules {
    /** docs/FORMAT.md: a kind is at most 256 chars; the same bound keeps ids and sources usable as index keys. */
    static final int MAX_LENGTH = 256;

    private TextRules() {
    }

    /** Required field: non-null, non-blank, bounded, well-formed UTF-16, no NUL. */
    static String required(String field, String value) {
        if (value == null) {
            throw new InvalidEventException(field + " is required");
        }
        if (value.isBlank()) {
            throw new InvalidEventException(field + " must not be blank");
        }
        return checked(field, value);
    }

    /** Optional field: null is absent; otherwise the same rules as {@link #required}. */
    static String optional(String field, String value) {
        return value == null ? null : required(field, value);
    }

    private static String checked(String field, String value) {
        if (value.length() > MAX_LENGTH) {
            throw new InvalidEventException(field + " is " + value.length() + " chars, over the limit of " + MAX_LENGTH);
        }
        // NUL separates the parts of index keys (by_request, by_source): allowing it would make keys ambiguous.
        if (value.indexOf('\0') >= 0) {
            throw new InvalidEventException(field + " must not contain the NUL character");
        }
        requireWellFormed(field, value);
        return value;
    }

    /** A lone surrogate cannot be encoded as UTF-8: it would be written as garbage or make encoding fail. */
    static void requireWellFormed(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new InvalidEventException(field + " contains an unpaired surrogate at index " + i);
            }
            if (Character.isLowSurrogate(c)) {
                throw new InvalidEventException(field + " contains an unpaired surrogate at index " + i);
            }
        }
    }
}
