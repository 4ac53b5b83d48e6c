package dev.chainlog.api;

/**
 * One finding of {@link EventLog#verify()}.
 *
 * @param kind    the class of damage
 * @param seq     the first seq concerned (0 when the problem is not tied to a seq)
 * @param lastSeq the last seq concerned: equal to {@code seq} except for ranges (gaps, truncation)
 * @param detail  one human sentence saying what was found
 */
public record Problem(ProblemKind kind, long seq, long lastSeq, String detail) {
    public static Problem at(ProblemKind kind, long seq, String detail) {
        return new Problem(kind, seq, seq, detail);
    }

    @Override
    public String toString() {
        String where = seq == lastSeq ? "seq " + seq : "seqs " + seq + ".." + lastSeq;
        return kind + " at " + where + ": " + detail;
    }
}
