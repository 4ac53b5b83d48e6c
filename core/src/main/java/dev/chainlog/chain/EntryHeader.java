package dev.chainlog.chain;

/**
 * The fixed-layout prefix of a stored value: {@code seq}, {@code prev} and {@code ts}, and the offset where the
 * event fields start. Read without a JSON tree, because verify and replay read every entry.
 */
public record EntryHeader(long seq, byte[] prev, long ts, int end) {
}
