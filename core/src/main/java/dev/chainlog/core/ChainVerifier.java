package dev.chainlog.core;

import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.api.VerifyOptions;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.EntryHeader;
import dev.chainlog.chain.Hashes;
import dev.chainlog.chain.MalformedValueException;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.RecordCursor;
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
        long expectedSeq = from;
        byte[] link = meta.logStartPrev(); // what the prev of entry `expectedSeq` must be; null: unknown
        Pending pending = null;
        long checked = 0;
        long firstChecked = 0;
        long last = 0;
        byte[] pinnedHash = null;
        Head pinned = options.expectedHead();

        if (head >= from) {
            try (RecordCursor c = store.scan(from, head)) {
                while (nextOrReport(c, expectedSeq)) {
                    long k = c.seq();
                    byte[] value = c.value();
                    byte[] sum = c.checksum();
                    if (k > expectedSeq) {
                        resolveAgainst(pending, null);
                        pending = null;
                        if (k <= storedStartNow.getAsLong()) {
                            // pruned while we scanned; not damage
                        } else {
                            report(new Problem(ProblemKind.SEQUENCE_GAP, expectedSeq, k - 1, (k - expectedSeq)
                                    + " entr" + (k - expectedSeq == 1 ? "y is" : "ies are") + " missing"));
                        }
                        link = null;
                    }
                    checked++;
                    if ((checked & 0xFFFF) == 0 && options.progress() != null) {
                        options.progress().accept(checked);
                    }
                    if (firstChecked == 0) {
                        firstChecked = k;
                    }
                    last = k;
                    expectedSeq = k + 1;

                    EntryHeader header;
                    try {
                        header = EntryCodec.readHeader(value);
                    } catch (MalformedValueException e) {
                        resolveAgainst(pending, null);
                        pending = null;
                        report(Problem.at(ProblemKind.UNREADABLE_VALUE, k, "the stored value is not a chainlog entry: "
                                + e.getMessage()));
                        link = null;
                        continue;
                    }
                    if (header.seq() != k) {
                        resolveAgainst(pending, null);
                        pending = null;
                        report(Problem.at(ProblemKind.SEQ_KEY_MISMATCH, k, "stored under seq " + k
                                + " but the value says seq " + header.seq()));
                        link = null;
                        continue;
                    }
                    byte[] hash = Hashes.sha256(value);
                    if (pending != null) {
                        boolean linked = resolveAgainst(pending, header.prev());
                        pending = null;
                        if (!linked) {
                            report(Problem.at(ProblemKind.CHAIN_BREAK, k, "prev " + Hashes.hex(header.prev())
                                    + " names neither the stored value nor the checksum of seq " + (k - 1)));
                        }
                    } else if (link != null && !Arrays.equals(header.prev(), link)) {
                        report(Problem.at(ProblemKind.CHAIN_BREAK, k, "prev " + Hashes.hex(header.prev())
                                + (k == from && from > 1 ? " differs from the prune anchor " : " differs from the hash of seq "
                                + (k - 1) + ", ") + Hashes.hex(link)));
                    }
                    if (sum == null) {
                        report(Problem.at(ProblemKind.CHECKSUM_MISMATCH, k, "no checksum is stored"));
                        link = hash;
                    } else if (Arrays.equals(sum, hash)) {
                        link = hash;
                    } else {
                        pending = new Pending(k, hash, sum);
                        link = null;
                    }
                    if (pinned != null && pinned.seq() == k) {
                        pinnedHash = hash;
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
        } else if (expectedSeq <= head && expectedSeq >= storedStartNow.getAsLong()) {
            report(new Problem(ProblemKind.TRUNCATED, expectedSeq, head, "the recorded head is seq " + head
                    + " but stored entries end at seq " + (expectedSeq - 1)));
        } else if (link != null && last == head && head > 0 && !Arrays.equals(link, meta.headHash())) {
            report(Problem.at(ProblemKind.HEAD_MISMATCH, head, "the newest entry hashes to " + Hashes.hex(link)
                    + " but the recorded head hash is " + Hashes.hex(meta.headHash())));
        }
        if (!scanAborted) {
            checkNothingBeyondHead(head);
        }
        if (pinned != null) {
            checkPinned(pinned, pinnedHash);
        }
        if (options.deep()) {
            for (String p : store.engineIntegrityProblems()) {
                report(new Problem(ProblemKind.STORAGE_CORRUPTION, 0, 0, p));
            }
        }
        return new IntegrityReport(checked, firstChecked, last, visibleStart,
                new Head(head, Hashes.hex(meta.headHash())), problems.inSeqOrder(), problems.count());
    }

    /**
     * Advances the scan; a storage error (a damaged block under the cursor) ends the scan with a
     * {@link ProblemKind#STORAGE_CORRUPTION} problem instead of an exception, so the report still says what was
     * checked, and a deep verify still runs the engine's own checks.
     */
    private boolean nextOrReport(RecordCursor c, long expectedSeq) {
        try {
            return c.next();
        } catch (dev.chainlog.api.StorageException e) {
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

    private void checkPinned(Head pinned, byte[] pinnedHash) {
        Problem p = PinnedHead.check(pinned, meta.logStartSeq(), meta.headSeq(), pinnedHash, meta.logStartPrev(),
                PinnedHead.Chain.LOG);
        if (p != null) {
            report(p);
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
