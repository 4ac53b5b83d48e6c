package dev.chainlog.verify;

import dev.chainlog.api.Head;
import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.chain.Hashes;

import java.util.Arrays;

/**
 * A head pinned earlier, somewhere else ({@code chainlog head}, {@code --expect-head}), held against a chain: a log
 * or an export (docs/DESIGN.md: Tamper evidence). The one place its rules are: both verifiers ask here.
 *
 * <ul>
 *   <li>seq 0 names the empty log, whose only hash is 64 zeros: any other hash can match no chain;</li>
 *   <li>a pinned seq past the chain's end: the chain was cut short ({@link ProblemKind#TRUNCATED});</li>
 *   <li>a pinned seq in the chain: its entry must hash to the pinned hash ({@link ProblemKind#HEAD_MISMATCH});</li>
 *   <li>the seq just before a log's first entry: its prune anchor (kept in the log's meta) must name it; an export
 *       has no anchor, only its first line's claim, so there the seq is simply not in the export;</li>
 *   <li>a seq further before, or one whose entry is missing: a log pruned the former (only a signed checkpoint can
 *       speak for it) and its scan reports the latter; an export does not hold it, a mismatch.</li>
 * </ul>
 */
public final class PinnedHead {
    private PinnedHead() {
    }

    /** What the pinned head is held against. */
    public enum Chain {
        /** A stored log: pruned before its log start, and its scan reports missing entries itself. */
        LOG("the log"),
        /** An export: holds exactly its lines. */
        EXPORT("the export");

        private final String name;

        Chain(String name) {
            this.name = name;
        }
    }

    /**
     * The problem of {@code pinned} against a chain of entries {@code first..end}, or null when it holds (or, for a
     * log, cannot be told here).
     *
     * @param hashAtPinned the hash of the chain's entry at the pinned seq, or null when it has none
     * @param anchor       a log's prune anchor (the stored hash of seq {@code first - 1}), or null (an export)
     */
    public static Problem check(Head pinned, long first, long end, byte[] hashAtPinned, byte[] anchor, Chain kind) {
        String chain = kind.name;
        boolean log = kind == Chain.LOG;
        long seq = pinned.seq();
        if (seq == 0) {
            return pinned.equals(Head.EMPTY) ? null : Problem.at(ProblemKind.HEAD_MISMATCH, 0, "the pinned head "
                    + pinned + " cannot match: seq 0 is the empty log, whose hash is 64 zeros");
        }
        byte[] expected = Hashes.fromHex(pinned.hash());
        if (seq > end) {
            return new Problem(ProblemKind.TRUNCATED, end + 1, seq, "the pinned head is seq " + seq + " but " + chain
                    + " ends at seq " + end);
        }
        if (seq == first - 1 && anchor != null) {
            return Arrays.equals(expected, anchor) ? null : Problem.at(ProblemKind.HEAD_MISMATCH, seq, "the pinned hash "
                    + "of seq " + seq + " differs from the prune anchor " + Hashes.hex(anchor));
        }
        if (seq < first) {
            return log ? null : Problem.at(ProblemKind.HEAD_MISMATCH, seq, "seq " + seq + " is not in " + chain
                    + " (it starts at seq " + first + ") but the pinned head names it");
        }
        if (hashAtPinned == null) {
            return log ? null : Problem.at(ProblemKind.HEAD_MISMATCH, seq, "seq " + seq + " is not in " + chain
                    + " but the pinned head names it");
        }
        return Arrays.equals(expected, hashAtPinned) ? null : Problem.at(ProblemKind.HEAD_MISMATCH, seq, "the pinned "
                + "hash of seq " + seq + " is " + pinned.hash() + " but the entry hashes to " + Hashes.hex(hashAtPinned));
    }
}
