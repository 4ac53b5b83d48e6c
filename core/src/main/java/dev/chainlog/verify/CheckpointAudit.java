package dev.chainlog.verify;

import dev.chainlog.api.CheckpointReport;
import dev.chainlog.api.CheckpointReport.Finding;
import dev.chainlog.api.CheckpointReport.Kind;
import dev.chainlog.api.ConsistencyProof;
import dev.chainlog.api.Head;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.MalformedNoteException;
import dev.chainlog.checkpoint.NoteVerifier;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.chain.Hashes;
import dev.chainlog.tree.Proofs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a log (or an export of one) against signed checkpoints kept outside it: evidence that survives an
 * attacker who can rewrite the whole database and recompute every hash.
 *
 * <ul>
 *   <li>each checkpoint must be well-formed and verified by a trusted key;</li>
 *   <li>the log must still hold, unchanged, what each checkpoint committed to: the entry at the checkpoint's head
 *       seq has the checkpoint's hash (or, if pruned exactly there, the prune anchor does); and, for a checkpoint
 *       with a Merkle root, the log proves its tree of today extends the checkpoint's: a consistency proof from the
 *       checkpoint's size and root to the log's head (RFC 9162 §2.1.4.2), so a rewrite is located between the
 *       sizes of the last checkpoint that still verifies and the first that does not;</li>
 *   <li>the log's head must not be behind any checkpoint (truncation);</li>
 *   <li>no two valid checkpoints may disagree (a fork: one seq, two hashes or two roots);</li>
 *   <li>a pruned prefix must be attested by a trusted checkpoint carrying the same prune anchor, so "pruned by
 *       policy up to N" is told apart from "deleted by someone".</li>
 * </ul>
 */
public final class CheckpointAudit {

    /** What the audit needs from a log or an export. */
    public interface ChainView {
        /** The origin checkpoints of this log carry: {@code chainlog/<log id>}; null when unknown (an export). */
        String origin();

        Head head();

        long logStartSeq();

        /** The hash of entry {@code logStartSeq - 1}, which the first retained entry names (zeros when none pruned). */
        String logStartPrev();

        /** The hash of the retained entry {@code seq}, computed from its stored bytes. */
        Optional<String> hashAt(long seq);

        /**
         * The consistency proof from the tree of {@code oldSize} to the tree of the head; empty when the view cannot
         * prove it (no tree, or {@code oldSize} below the pruned boundary).
         */
        default Optional<ConsistencyProof> consistencyToHead(long oldSize) {
            return Optional.empty();
        }

        /** The Merkle root of the tree of {@code size}, when the view holds it (an export from seq 1); else empty. */
        default Optional<byte[]> rootAt(long size) {
            return Optional.empty();
        }
    }

    private CheckpointAudit() {
    }

    public static CheckpointReport audit(ChainView log, List<String> notes, NoteVerifier verifier) {
        List<Finding> findings = new ArrayList<>();
        List<Verified> valid = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            Checkpoint cp;
            try {
                SignedNote note = SignedNote.parse(notes.get(i));
                NoteVerifier.Result r = verifier.verify(note);
                if (!r.ok()) {
                    findings.add(new Finding(r.status() == NoteVerifier.Status.BAD_SIGNATURE ? Kind.BAD_SIGNATURE : Kind.UNTRUSTED,
                            i, 0, r.detail()));
                    continue;
                }
                cp = Checkpoint.parse(note.text());
            } catch (MalformedNoteException e) {
                findings.add(new Finding(Kind.MALFORMED, i, 0, e.getMessage()));
                continue;
            }
            if (log.origin() != null && !log.origin().equals(cp.origin())) {
                findings.add(new Finding(Kind.WRONG_LOG, i, 0, "the checkpoint is for '" + cp.origin() + "', this log is '"
                        + log.origin() + "'"));
                continue;
            }
            valid.add(new Verified(i, cp));
        }
        checkForks(valid, findings);
        valid.sort(Comparator.comparingLong(v -> v.cp.headSeq()));
        long lastMatching = 0;
        for (Verified v : valid) {
            Finding f = against(log, v, lastMatching);
            if (f.kind() == Kind.MATCHES) {
                lastMatching = v.cp.headSeq();
            }
            findings.add(f);
        }
        checkPruneAttested(log, valid, findings);
        return new CheckpointReport(findings);
    }

    private static Finding against(ChainView log, Verified v, long lastMatching) {
        Checkpoint cp = v.cp;
        long seq = cp.headSeq();
        String expected = Hashes.hex(cp.headHash());
        Head head = log.head();
        if (seq > head.seq()) {
            return new Finding(Kind.TRUNCATED, v.index, head.seq() + 1, "the checkpoint commits to seq " + seq
                    + " but the log ends at seq " + head.seq() + ": entries " + (head.seq() + 1) + ".." + seq + " are gone");
        }
        if (seq == 0) {
            return new Finding(Kind.MATCHES, v.index, 0, "an empty log");
        }
        String actual;
        if (seq >= log.logStartSeq()) {
            actual = log.hashAt(seq).orElse(null);
        } else if (seq == log.logStartSeq() - 1) {
            actual = log.logStartPrev();
        } else {
            return new Finding(Kind.PRUNED, v.index, seq, "retention removed seq " + seq + " (the log starts at "
                    + log.logStartSeq() + ")");
        }
        if (expected.equals(actual)) {
            if (cp.legacy()) {
                return new Finding(Kind.MATCHES, v.index, seq, "seq " + seq + " still hashes to " + expected);
            }
            Optional<ConsistencyProof> proof = log.consistencyToHead(seq);
            if (proof.isEmpty()) {
                return byRoot(log, v, seq, expected);
            }
            ConsistencyProof p = proof.get();
            if (Proofs.verifyConsistency(seq, p.newSize(), cp.rootHash(), p.newRoot(), p.hashes())) {
                return new Finding(Kind.MATCHES, v.index, seq, "seq " + seq + " still hashes to " + expected
                        + ", and the tree of size " + p.newSize() + " is consistent with the signed root "
                        + Hashes.hex(cp.rootHash()) + " (a proof of " + p.hashes().size() + " hashes)");
            }
            return new Finding(Kind.CONTENT_MISMATCH, v.index, seq, "the log's Merkle tree of size " + p.newSize()
                    + " is not consistent with the checkpoint's root " + Hashes.hex(cp.rootHash()) + " at size " + seq
                    + " (its own tree of that size has the root " + Hashes.hex(p.oldRoot()) + "), though the chain head "
                    + "matches: the checkpoint's root is of another tree (a fork, or a forged checkpoint), or the log's "
                    + "stored tree nodes were changed (verify reports TREE_MISMATCH)");
        }
        return new Finding(Kind.CONTENT_MISMATCH, v.index, seq, "seq " + seq + " no longer matches the checkpoint "
                + "(now " + (actual == null ? "missing" : actual) + ", signed " + expected + "): history was rewritten "
                + "after seq " + lastMatching + " and at or before seq " + seq);
    }

    /** A view without proofs (an export): its own root of the checkpoint's size, when it has one. */
    private static Finding byRoot(ChainView log, Verified v, long seq, String expected) {
        Optional<byte[]> root = log.rootAt(seq);
        if (root.isEmpty()) {
            return new Finding(Kind.MATCHES, v.index, seq, "seq " + seq + " still hashes to " + expected
                    + " (the Merkle root is not checked: the entries before the log's start are not here)");
        }
        if (Arrays.equals(root.get(), v.cp.rootHash())) {
            return new Finding(Kind.MATCHES, v.index, seq, "seq " + seq + " still hashes to " + expected
                    + ", and entries 1.." + seq + " have the signed Merkle root " + Hashes.hex(v.cp.rootHash()));
        }
        return new Finding(Kind.CONTENT_MISMATCH, v.index, seq, "entries 1.." + seq + " have the Merkle root "
                + Hashes.hex(root.get()) + ", not the signed " + Hashes.hex(v.cp.rootHash()) + ", though they end in the "
                + "signed chain head: the checkpoint's root is of another tree (a fork, or a forged checkpoint)");
    }

    private static void checkForks(List<Verified> valid, List<Finding> findings) {
        Map<Long, Verified> bySeq = new HashMap<>();
        Map<Long, Verified> byAnchor = new HashMap<>();
        for (Verified v : valid) {
            Verified other = bySeq.putIfAbsent(v.cp.headSeq(), v);
            if (other != null && !Arrays.equals(other.cp.headHash(), v.cp.headHash())) {
                findings.add(new Finding(Kind.FORK, v.index, v.cp.headSeq(), "checkpoints " + (other.index + 1) + " and "
                        + (v.index + 1) + " both sign seq " + v.cp.headSeq() + " with different hashes"));
            } else if (other != null && !other.cp.legacy() && !v.cp.legacy()
                    && !Arrays.equals(other.cp.rootHash(), v.cp.rootHash())) {
                findings.add(new Finding(Kind.FORK, v.index, v.cp.headSeq(), "checkpoints " + (other.index + 1) + " and "
                        + (v.index + 1) + " both sign the tree of size " + v.cp.headSeq() + " with different roots"));
            }
            Verified anchor = byAnchor.putIfAbsent(v.cp.logStartSeq(), v);
            if (anchor != null && v.cp.logStartSeq() > 1 && !Arrays.equals(anchor.cp.logStartPrev(), v.cp.logStartPrev())) {
                findings.add(new Finding(Kind.FORK, v.index, v.cp.logStartSeq() - 1, "checkpoints " + (anchor.index + 1)
                        + " and " + (v.index + 1) + " sign different hashes for seq " + (v.cp.logStartSeq() - 1)));
            }
        }
    }

    private static void checkPruneAttested(ChainView log, List<Verified> valid, List<Finding> findings) {
        long start = log.logStartSeq();
        if (start <= 1) {
            return;
        }
        for (Verified v : valid) {
            boolean sameAnchor = v.cp.logStartSeq() == start && Hashes.hex(v.cp.logStartPrev()).equals(log.logStartPrev());
            boolean headAtAnchor = v.cp.headSeq() == start - 1 && Hashes.hex(v.cp.headHash()).equals(log.logStartPrev());
            if (sameAnchor || headAtAnchor) {
                findings.add(new Finding(Kind.PRUNE_ATTESTED, v.index, start - 1, "seqs 1.." + (start - 1)
                        + " were pruned by policy: a trusted checkpoint signs the prune anchor " + log.logStartPrev()));
                return;
            }
        }
        findings.add(new Finding(Kind.PRUNE_NOT_ATTESTED, -1, start - 1, "seqs 1.." + (start - 1) + " are gone and no "
                + "trusted checkpoint signs the anchor " + log.logStartPrev() + " (pruned by retention, or deleted?)"));
    }

    private record Verified(int index, Checkpoint cp) {
    }
}
