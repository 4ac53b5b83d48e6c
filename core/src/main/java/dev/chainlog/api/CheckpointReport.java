package dev.chainlog.api;

import java.util.List;
import java.util.OptionalLong;

/**
 * What checking a log (or an export) against signed checkpoints found ({@link EventLog#verifyCheckpoints}): one
 * finding per checkpoint, and per fact about the log as a whole; problems are the findings whose
 * {@link Kind#problem()} is true.
 *
 * @param findings in the order found
 */
public record CheckpointReport(List<Finding> findings) {
    public CheckpointReport {
        findings = List.copyOf(findings);
    }

    public boolean ok() {
        return findings.stream().noneMatch(f -> f.kind().problem());
    }

    /** The lowest seq that no longer matches a checkpoint (or where the log falls short of one). */
    public OptionalLong firstBadSeq() {
        return findings.stream().filter(f -> f.kind() == Kind.CONTENT_MISMATCH || f.kind() == Kind.TRUNCATED)
                .mapToLong(Finding::seq).min();
    }

    public String summary() {
        StringBuilder sb = new StringBuilder(ok() ? "OK" : "FAILED").append(": ").append(findings.size()).append(" finding(s)");
        findings.forEach(f -> sb.append("\n  ").append(f));
        return sb.toString();
    }

    public enum Kind {
        /** The checkpoint verified and the log still matches it. */
        MATCHES(false),
        /** The checkpoint is older than the retained log: retention removed what it names (not a problem). */
        PRUNED(false),
        /** The log's pruned prefix is attested by a trusted checkpoint carrying the same prune anchor. */
        PRUNE_ATTESTED(false),
        MALFORMED(true),
        /** No signature from a trusted key (unknown key ids, or none). */
        UNTRUSTED(true),
        /** A trusted key's signature does not verify. */
        BAD_SIGNATURE(true),
        /** The checkpoint is for another log. */
        WRONG_LOG(true),
        /** The entry at the checkpoint's head seq has another hash: history up to there was rewritten. */
        CONTENT_MISMATCH(true),
        /** The log ends before the checkpoint's head: entries were cut off the end. */
        TRUNCATED(true),
        /** Two valid checkpoints name different hashes for one seq. */
        FORK(true),
        /** Entries before logStartSeq are gone and no trusted checkpoint attests that retention removed them. */
        PRUNE_NOT_ATTESTED(true);

        private final boolean problem;

        Kind(boolean problem) {
            this.problem = problem;
        }

        public boolean problem() {
            return problem;
        }
    }

    /** One finding; {@code checkpoint} is the index of the note it concerns (-1: the log as a whole). */
    public record Finding(Kind kind, int checkpoint, long seq, String detail) {
        @Override
        public String toString() {
            return kind + (checkpoint >= 0 ? " (checkpoint " + (checkpoint + 1) + ")" : "") + (seq > 0 ? " at seq " + seq : "")
                    + ": " + detail;
        }
    }
}
