package dev.chainlog.core;

import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.api.StorageException;
import dev.chainlog.api.VerifyOptions;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.EntryHeader;
import dev.chainlog.chain.Hashes;
import dev.chainlog.chain.MalformedValueException;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.RecordCursor;
import dev.chainlog.verify.ChainWalk;
import dev.chainlog.verify.PinnedHead;
import dev.chainlog.verify.Problems;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Verifies a stored log (docs/DESIGN.md: Tamper evidence): every stored entry from the stored log start to the recorded head, in one
 * forward pass with constant memory.
 *
 * <p>For each key: the value must decode, must say the seq it is stored under, must hash to the checksum column's
 * value, and its {@code prev} must name the hash of the entry before it. The first retained entry is checked
 * against the prune anchor ({@code logStartPrev}), so a pruned prefix is reported as pruned, never as a gap or a
 * chain break.
 *
 * <p>When a value and its checksum disagree, the next entry's {@code prev} (or, for the head, the recorded head
 * hash) is the tie-breaker: if it names the checksum, the value changed ({@link ProblemKind#CONTENT_CHANGED});
 * if it names the value's hash, the checksum changed ({@link ProblemKind#CHECKSUM_MISMATCH}). One damaged entry
 * is thus reported once, with its class, and not again as a chain break of its successor.
 *
 * <p>The same pass recomputes the Merkle tree's stored nodes from the leaves it meets ({@link TreeCheck}).
 */
public final class ChainVerifier {
    private final LogStore store;
    private final LogMeta meta;
    private final long visibleStart;
    private final VerifyOptions options;
    private final LongSupplier storedStartNow;
    private final Problems problems = new Problems();
    private boolean scanAborted;

    /**
     * @param storedStartNow the store's log start at the time of the call: a gap at the front of the scan below it
     *                       is a retention cut that ran concurrently with this verify, not damage
     */
    public ChainVerifier(LogStore store, LogMeta meta, long visibleStart, VerifyOptions options,
                         LongSupplier storedStartNow) {
        this.store = store;
        this.meta = meta;
        this.visibleStart = visibleStart;
        this.options = options;
        this.storedStartNow = storedStartNow;
    }

    public IntegrityReport verify() {
        long from = meta.logStartSeq();
        long head = meta.headSeq();
        ChainWalk walk = new ChainWalk(from, meta.logStartPrev(), options.expectedHead());
        TreeCheck tree = new TreeCheck(store, from, storedStartNow, this::report);
        Pending pending = null;

        if (head >= from) {
            try (RecordCursor c = store.scan(from, head)) {
                while (nextOrReport(c, walk.next())) {
                    long k = c.seq();
                    byte[] value = c.value();
                    byte[] sum = c.checksum();
                    if (k > walk.next()) {
                        resolveAgainst(pending, null);
                        pending = null;
                        if (k > storedStartNow.getAsLong()) { // below it: pruned while we scanned, not damage
                            long missing = k - walk.next();
                            report(new Problem(ProblemKind.SEQUENCE_GAP, walk.next(), k - 1, missing
                                    + " entr" + (missing == 1 ? "y is" : "ies are") + " missing"));
                        }
                        walk.forgetLink();
                        tree.gap();
                    }
                    byte[] hash = check(k, value, sum, pending, walk, from);
                    tree.leaf(k, sum != null ? sum : hash);
                    pending = hash != null && sum != null && !Arrays.equals(sum, hash) ? new Pending(k, hash, sum) : null;
                    walk.walked(k, hash);
                    if (pending != null) {
                        walk.forgetLink(); // value and checksum disagree: the successor's prev decides which is original
                    }
                    if ((walk.walked() & 0xFFFF) == 0 && options.progress() != null) {
                        options.progress().accept(walk.walked());
                    }
                }
            }
        }
        if (pending != null) {
            boolean atHead = pending.seq == head;
            resolveAgainst(pending, atHead ? meta.headHash() : null);
        }
        if (scanAborted) {
            // what follows the damaged block is unknown: no truncation or head verdict
        } else if (walk.next() <= head && walk.next() >= storedStartNow.getAsLong()) {
            report(new Problem(ProblemKind.TRUNCATED, walk.next(), head, "the recorded head is seq " + head
                    + " but stored entries end at seq " + (walk.next() - 1)));
        } else if (walk.link() != null && walk.last() == head && head > 0 && !Arrays.equals(walk.link(), meta.headHash())) {
            report(Problem.at(ProblemKind.HEAD_MISMATCH, head, "the newest entry hashes to " + Hashes.hex(walk.link())
                    + " but the recorded head hash is " + Hashes.hex(meta.headHash())));
        }
        if (!scanAborted) {
            checkNothingBeyondHead(head);
        }
        Problem pinned = walk.pinnedHeadProblem(from, head, meta.logStartPrev(), PinnedHead.Chain.LOG);
        if (pinned != null) {
            report(pinned);
        }
        if (options.deep()) {
            for (String p : store.engineIntegrityProblems()) {
                report(new Problem(ProblemKind.STORAGE_CORRUPTION, 0, 0, p));
            }
        }
        return new IntegrityReport(walk.walked(), walk.first(), walk.last(), visibleStart,
                new Head(head, Hashes.hex(meta.headHash())), problems.inSeqOrder(), problems.count());
    }

    /**
     * Checks the entry stored under key {@code k} against the walk so far and its predecessor's disputed hash
     * ({@code pending}, or null); returns the hash of its value, or null when the value is not a chainlog entry of
     * that seq.
     */
    private byte[] check(long k, byte[] value, byte[] sum, Pending pending, ChainWalk walk, long from) {
        EntryHeader header;
        try {
            header = EntryCodec.readHeader(value);
        } catch (MalformedValueException e) {
            resolveAgainst(pending, null);
            report(Problem.at(ProblemKind.UNREADABLE_VALUE, k, "the stored value is not a chainlog entry: "
                    + e.getMessage()));
            return null;
        }
        if (header.seq() != k) {
            resolveAgainst(pending, null);
            report(Problem.at(ProblemKind.SEQ_KEY_MISMATCH, k, "stored under seq " + k
                    + " but the value says seq " + header.seq()));
            return null;
        }
        if (pending != null) {
            if (!resolveAgainst(pending, header.prev())) {
                report(Problem.at(ProblemKind.CHAIN_BREAK, k, "prev " + Hashes.hex(header.prev())
                        + " names neither the stored value nor the checksum of seq " + (k - 1)));
            }
        } else if (walk.breaksAt(header.prev())) {
            report(Problem.at(ProblemKind.CHAIN_BREAK, k, "prev " + Hashes.hex(header.prev())
                    + (k == from && from > 1 ? " differs from the prune anchor " : " differs from the hash of seq "
                    + (k - 1) + ", ") + Hashes.hex(walk.link())));
        }
        if (sum == null) {
            report(Problem.at(ProblemKind.CHECKSUM_MISMATCH, k, "no checksum is stored"));
        }
        return Hashes.sha256(value);
    }

    /**
     * Advances the scan; a storage error (a damaged block under the cursor) ends the scan with a
     * {@link ProblemKind#STORAGE_CORRUPTION} problem instead of an exception, so the report still says what was
     * checked, and a deep verify still runs the engine's own checks.
     */
    private boolean nextOrReport(RecordCursor c, long expectedSeq) {
        try {
            return c.next();
        } catch (StorageException e) {
            report(Problem.at(ProblemKind.STORAGE_CORRUPTION, expectedSeq, "reading stored entries failed at or after seq "
                    + expectedSeq + ": " + e.getMessage()));
            scanAborted = true;
            return false;
        }
    }

    /**
     * Entries stored past the recorded head were not written by chainlog (an entry and the meta naming it are one
     * atomic commit). The newest key is read before the meta, so a commit landing in between (a writer appending
     * while this verify runs) can only make the meta newer, never raise a false alarm.
     */
    private void checkNothingBeyondHead(long head) {
        long stored = store.lastStoredSeq();
        LogMeta now = store.readMeta();
        if (stored > head && (now == null || stored > now.headSeq())) {
            report(new Problem(ProblemKind.HEAD_MISMATCH, head + 1, stored, "stored entries reach seq " + stored
                    + ", beyond the recorded head " + head + " (" + Hashes.hex(meta.headHash())
                    + "): entries were written outside chainlog"));
        }
    }

    /**
     * Classifies a value/checksum disagreement using what the successor (or the recorded head) says the hash is.
     * Returns true when {@code successorPrev} matched either side, i.e. the chain continues.
     */
    private boolean resolveAgainst(Pending p, byte[] successorPrev) {
        if (p == null) {
            return true;
        }
        if (successorPrev != null && Arrays.equals(successorPrev, p.checksum)) {
            report(Problem.at(ProblemKind.CONTENT_CHANGED, p.seq, "the stored value hashes to " + Hashes.hex(p.hash)
                    + ", not to its checksum " + Hashes.hex(p.checksum) + ", which the chain confirms"));
            return true;
        }
        if (successorPrev != null && Arrays.equals(successorPrev, p.hash)) {
            report(Problem.at(ProblemKind.CHECKSUM_MISMATCH, p.seq, "the checksum column holds "
                    + Hashes.hex(p.checksum) + " but the value, which the chain confirms, hashes to " + Hashes.hex(p.hash)));
            return true;
        }
        report(Problem.at(ProblemKind.CHECKSUM_MISMATCH, p.seq, "the value hashes to " + Hashes.hex(p.hash)
                + " but the checksum column holds " + Hashes.hex(p.checksum) + "; nothing after it tells which is original"));
        return false;
    }

    private void report(Problem p) {
        problems.report(p);
    }

    private record Pending(long seq, byte[] hash, byte[] checksum) {
    }
}
