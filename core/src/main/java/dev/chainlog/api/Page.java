package dev.chainlog.api;

import java.util.List;

/**
 * One page of {@link EventLog#read(long, int)}: the entries after {@code sinceSeq}, in seq order, and where the
 * log stood when the page was read.
 *
 * @param entries     consecutive entries, unmodifiable
 * @param sinceSeq    the cursor the page was read after
 * @param logStartSeq the first retained seq; if {@code sinceSeq < logStartSeq - 1} the reader missed entries
 * @param head        the head when the page was read; the page never goes past it
 */
public record Page(List<Entry> entries, long sinceSeq, long logStartSeq, Head head) {
    public Page {
        entries = List.copyOf(entries);
    }

    /** True when retention removed entries this cursor had not read yet. */
    public boolean cursorExpired() {
        return sinceSeq < logStartSeq - 1; // not sinceSeq + 1: a cursor of Long.MAX_VALUE must not overflow
    }

    /** The cursor for the next page: the last seq on this page, or {@code sinceSeq} when the page is empty. */
    public long nextSince() {
        return entries.isEmpty() ? sinceSeq : entries.get(entries.size() - 1).seq();
    }

    /** True when the page reaches the head. */
    public boolean caughtUp() {
        return nextSince() >= head.seq();
    }
}
