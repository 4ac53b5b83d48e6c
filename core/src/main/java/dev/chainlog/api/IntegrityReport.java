package dev.chainlog.api;

import java.util.List;
import java.util.OptionalLong;

/**
 * The result of {@link EventLog#verify()}: what was checked and every problem found, in seq order.
 *
 * @param checked       entries read and checked
 * @param firstChecked  the first seq checked (0 if none)
 * @param lastChecked   the last seq checked (0 if none)
 * @param logStartSeq   the first retained seq; seqs {@code 1 .. logStartSeq - 1} were pruned by retention,
 *                      which is reported here and is not a problem
 * @param head          the head the log records
 * @param problems      each problem found (at most {@link #MAX_PROBLEMS}), in seq order
 * @param problemCount  the number of problems found, including those not listed
 */
public record IntegrityReport(long checked, long firstChecked, long lastChecked, long logStartSeq, Head head,
                              List<Problem> problems, long problemCount) {
    /** A log damaged everywhere would otherwise produce a report as large as the log. */
    public static final int MAX_PROBLEMS = 1_000;

    public IntegrityReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problemCount == 0;
    }

    /** The lowest seq with a problem, or empty when the log is intact. */
    public OptionalLong firstBadSeq() {
        return problems.stream().mapToLong(Problem::seq).filter(s -> s > 0).min();
    }

    /** True when retention pruned a prefix: seqs {@code 1 .. logStartSeq - 1}. */
    public boolean pruned() {
        return logStartSeq > 1;
    }

    /** A short human summary, one problem per line. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(ok() ? "OK" : "FAILED").append(": ").append(checked).append(" entries checked");
        if (checked > 0) {
            sb.append(" (seq ").append(firstChecked).append("..").append(lastChecked).append(')');
        }
        if (pruned()) {
            sb.append("; seqs 1..").append(logStartSeq - 1).append(" pruned by retention");
        }
        sb.append("; head ").append(head.seq()).append(' ').append(head.hash());
        if (!ok()) {
            sb.append("; ").append(problemCount).append(" problem(s), first bad seq ")
                    .append(firstBadSeq().isPresent() ? Long.toString(firstBadSeq().getAsLong()) : "-");
            for (Problem p : problems) {
                sb.append('\n').append("  ").append(p);
            }
            if (problemCount > problems.size()) {
                sb.append("\n  ... ").append(problemCount - problems.size()).append(" more");
            }
        }
        return sb.toString();
    }
}
