package dev.chainlog.kafka;

import dev.chainlog.api.CheckpointReport;
import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.chain.DecodedValue;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Hashes;
import dev.chainlog.chain.MalformedValueException;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.NoteVerifier;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.tree.CompactRange;
import dev.chainlog.tree.Proofs;
import dev.chainlog.tree.TreeHashes;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The checks on the records of one log id, in the order a partition delivers them ({@link ChainlogRecords}). Entry
 * records: the headers agree with the value (seq, prev, hash = SHA-256 of the value), the value is a version-1 entry,
 * seqs step by one from the first, and each prev is the hash of the entry before. What breaks it is classified as
 * {@code verify} classifies a stored log, plus what only a stream can show:
 * <ul>
 *   <li>a seq above the next expected one opens a gap (reported as {@code SEQUENCE_GAP} at the end if it stays
 *       open); a missing seq that arrives later is {@code OUT_OF_ORDER};</li>
 *   <li>a seq below the next expected one with the hash seen for it is a {@code DUPLICATE}; with another hash it is
 *       {@code CONTENT_CHANGED} (two different records for one seq: forged or forked); seq 1 with another hash is
 *       {@code LOG_RESTARTED}, and the checks start over from it.</li>
 * </ul>
 * Checkpoint records: a signed note for this log, with a trusted signature (when keys are given), whose chain head
 * is the hash the stream holds at its seq, and whose Merkle root is proved consistent with the stream's own tree at
 * the record's place by the record's consistency proof (RFC 9162 §2.1.4.2).
 *
 * <p>Memory is bounded: the stream's compact range (the tree's frontier, O(log n)), the hashes of the last
 * {@value #WINDOW} seqs (duplicates and checkpoint heads older than that are compared by the tree only), the open
 * gaps and at most {@link IntegrityReport#MAX_PROBLEMS} problems.
 */
final class LogStream {
    static final int WINDOW = 1 << 16;
    private static final CompactRange.NodeSink NO_NODES = (level, index, hash) -> { };

    private final String logId;
    private final NoteVerifier verifier;
    private final boolean signaturesChecked;
    private final TreeSet<Integer> partitions = new TreeSet<>();
    private final long[] windowSeqs = new long[WINDOW];
    private final byte[][] windowHashes = new byte[WINDOW][];
    /** Open gaps: first missing seq to last missing seq. */
    private final TreeMap<Long, Long> gaps = new TreeMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<CheckpointReport.Finding> findings = new ArrayList<>();
    private long problemCount;

    private long first;
    private long tip;
    private byte[] tipHash;
    private long entries;
    /** The tree of the stream: only while it holds every seq from 1 to the tip in order. */
    private CompactRange tree;
    private int checkpointRecords;

    LogStream(String logId, List<NoteVerifier.Key> trusted) {
        this.logId = logId;
        this.signaturesChecked = !trusted.isEmpty();
        this.verifier = new NoteVerifier(trusted);
    }

    void accept(ConsumerRecord<byte[], byte[]> r) {
        partitions.add(r.partition());
        String format = ChainlogRecords.header(r, ChainlogRecords.FORMAT);
        if (format != null && !format.equals(ChainlogRecords.FORMAT_VERSION)) {
            // Another record format (a newer forwarder's): never judged by this version's rules (docs/COMPATIBILITY.md).
            problem(ProblemKind.UNREADABLE_VALUE, Math.max(0, tip), where(r) + ": " + ChainlogRecords.FORMAT + " "
                    + format + " is not a record format this version reads (it reads "
                    + ChainlogRecords.FORMAT_VERSION + " only; a newer chainlog's record?)");
            return;
        }
        String type = ChainlogRecords.header(r, ChainlogRecords.TYPE);
        if (ChainlogRecords.CHECKPOINT.equals(type)) {
            checkpoint(r);
        } else if (ChainlogRecords.ENTRY.equals(type)) {
            entry(r);
        } else {
            problem(ProblemKind.UNREADABLE_VALUE, Math.max(0, tip), where(r) + ": no " + ChainlogRecords.TYPE
                    + " header 'entry' or 'checkpoint' (" + type + "): not a record a chainlog forwarder writes");
        }
    }

    // ---------------------------------------------------------------- entries

    private void entry(ConsumerRecord<byte[], byte[]> r) {
        byte[] value = r.value();
        long seq = ChainlogRecords.longHeader(r, ChainlogRecords.SEQ);
        if (value == null || seq < 1) {
            problem(ProblemKind.UNREADABLE_VALUE, Math.max(0, seq), where(r) + ": " + (value == null
                    ? "no value" : "no valid " + ChainlogRecords.SEQ + " header"));
            return;
        }
        byte[] hash = Hashes.sha256(value);
        DecodedValue decoded;
        try {
            decoded = EntryCodec.decode(value);
        } catch (MalformedValueException e) {
            problem(ProblemKind.UNREADABLE_VALUE, seq, where(r) + ": not a version-1 entry: " + e.getMessage());
            return;
        }
        if (decoded.seq() != seq) {
            problem(ProblemKind.SEQ_KEY_MISMATCH, seq, where(r) + ": the header says seq " + seq + ", the value "
                    + decoded.seq());
            return;
        }
        String hashHex = Hashes.hex(hash);
        if (!hashHex.equals(ChainlogRecords.header(r, ChainlogRecords.HASH))
                || !decoded.prev().equals(ChainlogRecords.header(r, ChainlogRecords.PREV))
                || !logId.equals(ChainlogRecords.header(r, ChainlogRecords.LOG_ID))) {
            problem(ProblemKind.CONTENT_CHANGED, seq, where(r) + ": the headers do not describe the value (its "
                    + "hash is " + hashHex + ", header " + ChainlogRecords.header(r, ChainlogRecords.HASH)
                    + "; prev or log id differ?): the value or the headers were changed");
            return;
        }
        byte[] prev = Hashes.fromHex(decoded.prev());
        if (tip == 0) {
            start(seq, prev, hash, r);
        } else if (seq == tip + 1) {
            if (!Arrays.equals(prev, tipHash)) {
                problem(ProblemKind.CHAIN_BREAK, seq, where(r) + ": prev " + decoded.prev() + " is not the hash of seq "
                        + tip + " (" + Hashes.hex(tipHash) + ")");
            }
            extend(seq, hash);
        } else if (seq > tip + 1) {
            gaps.put(tip + 1, seq - 1);
            tree = null;
            extend(seq, hash);
        } else {
            earlier(seq, prev, hash, r);
        }
    }

    private void start(long seq, byte[] prev, byte[] hash, ConsumerRecord<byte[], byte[]> r) {
        first = seq;
        if (seq == 1) {
            if (!Hashes.isZero(prev)) {
                problem(ProblemKind.CHAIN_BREAK, 1, where(r) + ": seq 1 must have prev 64 zeros");
            }
            tree = CompactRange.empty();
        }
        extend(seq, hash);
    }

    private void extend(long seq, byte[] hash) {
        tip = seq;
        tipHash = hash;
        entries++;
        remember(seq, hash);
        if (tree != null) {
            tree.append(TreeHashes.leafHash(hash), NO_NODES); // leaf data: the value hash (docs/FORMAT.md §9a)
        }
    }

    /** A seq at or below the tip: a late one filling a gap, a replay, a second version, or a restart. */
    private void earlier(long seq, byte[] prev, byte[] hash, ConsumerRecord<byte[], byte[]> r) {
        Map.Entry<Long, Long> gap = gaps.floorEntry(seq);
        if (gap != null && seq <= gap.getValue()) {
            problem(ProblemKind.OUT_OF_ORDER, seq, where(r) + ": seq " + seq + " arrives after seq " + tip);
            gaps.remove(gap.getKey());
            if (gap.getKey() < seq) {
                gaps.put(gap.getKey(), seq - 1);
            }
            if (seq < gap.getValue()) {
                gaps.put(seq + 1, gap.getValue());
            }
            byte[] before = hashAt(seq - 1);
            if (before != null && !Arrays.equals(before, prev)) {
                problem(ProblemKind.CHAIN_BREAK, seq, where(r) + ": prev is not the hash of seq " + (seq - 1));
            }
            entries++;
            remember(seq, hash);
            return;
        }
        byte[] seen = hashAt(seq);
        if (seen != null && Arrays.equals(seen, hash)) {
            problem(ProblemKind.DUPLICATE, seq, where(r) + ": seq " + seq + " again, after seq " + tip
                    + " (the same entry: a replayed or duplicated record)");
        } else if (seq == 1) {
            problem(ProblemKind.LOG_RESTARTED, 1, where(r) + ": seq 1 again, another entry, after seq " + tip
                    + ": log id " + logId + " restarted (a new log reusing the id, or a log rebuilt); checked anew from here");
            tip = 0;
            Arrays.fill(windowSeqs, 0);
            Arrays.fill(windowHashes, null);
            gaps.clear();
            start(seq, prev, hash, r);
        } else if (seen != null) {
            problem(ProblemKind.CONTENT_CHANGED, seq, where(r) + ": a second, different record for seq " + seq
                    + " (hash " + Hashes.hex(hash) + ", first seen " + Hashes.hex(seen) + "): forged, or a fork");
        } else {
            problem(ProblemKind.DUPLICATE, seq, where(r) + ": seq " + seq + " again, after seq " + tip
                    + " (older than the last " + WINDOW + " seqs: not compared)");
        }
    }

    private void remember(long seq, byte[] hash) {
        int i = (int) (seq & (WINDOW - 1));
        windowSeqs[i] = seq;
        windowHashes[i] = hash;
    }

    private byte[] hashAt(long seq) {
        int i = (int) (seq & (WINDOW - 1));
        return seq >= 1 && windowSeqs[i] == seq ? windowHashes[i] : null;
    }

    // ---------------------------------------------------------------- checkpoints

    private void checkpoint(ConsumerRecord<byte[], byte[]> r) {
        int index = checkpointRecords++;
        SignedNote note;
        Checkpoint cp;
        try {
            note = SignedNote.parse(new String(r.value() == null ? new byte[0] : r.value(), StandardCharsets.UTF_8));
            cp = Checkpoint.parse(note.text());
        } catch (IllegalArgumentException e) { // MalformedNoteException among them
            finding(CheckpointReport.Kind.MALFORMED, index, 0, where(r) + ": " + e.getMessage());
            return;
        }
        long m = cp.treeSize();
        if (!cp.origin().equals("chainlog/" + logId)) {
            finding(CheckpointReport.Kind.WRONG_LOG, index, m, where(r) + ": origin " + cp.origin());
            return;
        }
        String signedBy = "signature not checked (no trusted key given)";
        if (signaturesChecked) {
            NoteVerifier.Result result = verifier.verify(note);
            if (!result.ok()) {
                finding(result.status() == NoteVerifier.Status.BAD_SIGNATURE ? CheckpointReport.Kind.BAD_SIGNATURE
                        : CheckpointReport.Kind.UNTRUSTED, index, m, where(r) + ": " + result.detail());
                return;
            }
            signedBy = "signed by " + String.join(", ", result.signedBy());
        }
        if (m > tip) {
            finding(CheckpointReport.Kind.TRUNCATED, index, m, where(r) + ": names seq " + m
                    + ", beyond the last entry before it (seq " + tip + ")");
            return;
        }
        List<String> checked = new ArrayList<>();
        byte[] head = hashAt(m);
        if (head != null) {
            if (!Arrays.equals(head, cp.headHash())) {
                finding(CheckpointReport.Kind.CONTENT_MISMATCH, index, m, where(r) + ": signed chain head "
                        + Hashes.hex(cp.headHash()) + ", the stream holds " + Hashes.hex(head) + " at seq " + m);
                return;
            }
            checked.add("chain head");
        }
        long at = ChainlogRecords.longHeader(r, ChainlogRecords.SEQ);
        if (!cp.legacy() && tree != null && at == tip) {
            byte[] root = tree.root();
            boolean consistent;
            try {
                consistent = m == tip ? Arrays.equals(cp.rootHash(), root) : Proofs.verifyConsistency(m, tip,
                        cp.rootHash(), root, ChainlogRecords.decodeProof(ChainlogRecords.header(r, ChainlogRecords.PROOF)));
            } catch (IllegalArgumentException e) {
                consistent = false;
            }
            if (!consistent) {
                finding(CheckpointReport.Kind.CONTENT_MISMATCH, index, m, where(r) + ": the signed Merkle root of size "
                        + m + " is not proved consistent with the tree of the " + tip + " entries the stream holds");
                return;
            }
            checked.add("Merkle root");
        }
        finding(CheckpointReport.Kind.MATCHES, index, m, where(r) + ": " + signedBy + "; "
                + (checked.isEmpty() ? "content not checked (the stream does not hold its seq nor the tree from seq 1)"
                : String.join(" and ", checked) + " match the stream"));
    }

    // ---------------------------------------------------------------- report

    LogStreamReport report() {
        List<Problem> all = new ArrayList<>(problems);
        long count = problemCount;
        for (Map.Entry<Long, Long> gap : gaps.entrySet()) {
            count++;
            if (all.size() < IntegrityReport.MAX_PROBLEMS) {
                all.add(new Problem(ProblemKind.SEQUENCE_GAP, gap.getKey(), gap.getValue(), "seqs " + gap.getKey()
                        + ".." + gap.getValue() + " are not in the topic"));
            }
        }
        all.sort(java.util.Comparator.comparingLong(Problem::seq));
        Head head = tip == 0 ? Head.EMPTY : new Head(tip, Hashes.hex(tipHash));
        IntegrityReport entryReport = new IntegrityReport(entries, first, tip, first == 0 ? 1 : first, head, all, count);
        return new LogStreamReport(logId, List.copyOf(partitions), entryReport, new CheckpointReport(findings),
                signaturesChecked);
    }

    private void problem(ProblemKind kind, long seq, String detail) {
        problemCount++;
        if (problems.size() < IntegrityReport.MAX_PROBLEMS) {
            problems.add(Problem.at(kind, seq, detail));
        }
    }

    private void finding(CheckpointReport.Kind kind, int index, long seq, String detail) {
        if (findings.size() < IntegrityReport.MAX_PROBLEMS || kind.problem()) {
            findings.add(new CheckpointReport.Finding(kind, index, seq, detail));
        }
    }

    private static String where(ConsumerRecord<?, ?> r) {
        return "partition " + r.partition() + " offset " + r.offset();
    }
}
