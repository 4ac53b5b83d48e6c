package dev.chainlog.checkpoint;

import dev.chainlog.chain.Hashes;
import dev.chainlog.tree.Proofs;
import dev.chainlog.tree.TreeHashes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A self-contained, offline-verifiable proof that an entry is in the log: the C2SP tlog-proof format
 * (c2sp.org/tlog-proof@v1; docs/FORMAT.md §9d), stored with the extension {@code .tlog-proof}.
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * extra &lt;base64 of the entry's stored value&gt;      optional: the entry itself, so the proof carries what it proves
 * index &lt;leaf index = seq − 1&gt;
 * &lt;base64 hash&gt;                                    the inclusion proof, from the leaf's sibling up (RFC 6962 §2.1.1)
 * …
 *                                                  an empty line
 * &lt;the signed checkpoint, verbatim&gt;                 a tlog-checkpoint of the tree the proof is for
 * </pre>
 *
 * Any log's tlog-checkpoint is read ({@link TreeHead}); a chainlog one carries its chain head and prune anchor in
 * extension lines. The extra data is not trusted as such: {@link #verify} hashes it into the leaf, which the proof then ties to the
 * signed root. chainlog's leaf is {@code SHA-256(0x00 ‖ SHA-256(stored value))}.
 *
 * @param extra      the extra data (chainlog: the entry's stored value), or null
 * @param checkpoint the signed checkpoint note, verbatim
 */
public record TlogProof(byte[] extra, long index, List<byte[]> hashes, String checkpoint) {
    public static final String HEADER = "c2sp.org/tlog-proof@v1";
    private static final int MAX_HASHES = 64;

    public TlogProof {
        if (index < 0) {
            throw new MalformedNoteException("a proof's index is never negative, got " + index);
        }
        hashes = List.copyOf(hashes);
        if (hashes.size() > MAX_HASHES || hashes.stream().anyMatch(h -> h == null || h.length != Hashes.LENGTH)) {
            throw new MalformedNoteException("a proof holds at most " + MAX_HASHES + " hashes of 32 bytes");
        }
    }

    /** The proof's text. */
    public String format() {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        if (extra != null) {
            s.append("extra ").append(b64.encodeToString(extra)).append('\n');
        }
        s.append("index ").append(index).append('\n');
        for (byte[] h : hashes) {
            s.append(b64.encodeToString(h)).append('\n');
        }
        return s.append('\n').append(checkpoint).toString();
    }

    /** Parses a proof's text; anything that is not the format is a {@link MalformedNoteException} saying where. */
    public static TlogProof parse(String text) {
        int blank = text.indexOf("\n\n");
        if (blank < 0) {
            throw new MalformedNoteException("a tlog-proof has an empty line before its checkpoint; none found");
        }
        String[] lines = text.substring(0, blank).split("\n", -1);
        String checkpoint = text.substring(blank + 2);
        if (!lines[0].equals(HEADER)) {
            throw new MalformedNoteException("a tlog-proof starts with the line '" + HEADER + "', got '" + lines[0] + "'");
        }
        int at = 1;
        byte[] extra = null;
        Base64.Decoder b64 = Base64.getDecoder();
        if (at < lines.length && lines[at].startsWith("extra ")) {
            extra = base64(b64, lines[at].substring(6), "the extra data");
            at++;
        }
        if (at >= lines.length || !lines[at].startsWith("index ")) {
            throw new MalformedNoteException("line " + (at + 1) + " of a tlog-proof must be 'index N'");
        }
        long leaf = TreeHead.decimal(lines[at++].substring(6), "the index");
        List<byte[]> hashes = new ArrayList<>();
        for (; at < lines.length; at++) {
            byte[] h = base64(b64, lines[at], "proof line " + (at + 1));
            if (h.length != Hashes.LENGTH) {
                throw new MalformedNoteException("proof line " + (at + 1) + " is not a 32-byte hash");
            }
            hashes.add(h);
        }
        return new TlogProof(extra, leaf, hashes, checkpoint);
    }

    /** What {@link #verify} found. */
    public record Result(boolean ok, String detail, TreeHead checkpoint) {
    }

    /**
     * Verifies the proof offline: the checkpoint is signed by a trusted key, is a tlog-checkpoint with a Merkle root,
     * and the inclusion proof leads from the entry's leaf to that root (RFC 9162 §2.1.3.2).
     *
     * @param storedValue the entry's stored value to prove; null to prove the one in the extra data
     * @param origin      the log the proof must be of (its checkpoints' origin line), or null to accept any (the
     *                    result names it)
     */
    public Result verify(NoteVerifier verifier, byte[] storedValue, String origin) {
        SignedNote note;
        TreeHead cp;
        try {
            note = SignedNote.parse(checkpoint);
            cp = TreeHead.parse(note.text());
        } catch (MalformedNoteException e) {
            return new Result(false, "the checkpoint is malformed: " + e.getMessage(), null);
        }
        if (origin != null && !origin.equals(cp.origin())) {
            return new Result(false, "the proof is of the log '" + cp.origin() + "', not of '" + origin + "'", cp);
        }
        NoteVerifier.Result signed = verifier.verify(note);
        if (!signed.ok()) {
            return new Result(false, "the checkpoint is not signed by a trusted key: " + signed.detail(), cp);
        }
        if (isLegacyChainlog(note.text())) {
            return new Result(false, "the checkpoint has no Merkle root (signed before chainlog kept a tree)", cp);
        }
        byte[] value = storedValue != null ? storedValue : extra;
        if (value == null) {
            return new Result(false, "no entry to prove: the proof carries none (no extra line) and none was given", cp);
        }
        if (storedValue != null && extra != null && !Arrays.equals(storedValue, extra)) {
            return new Result(false, "the entry given differs from the one the proof carries", cp);
        }
        byte[] leaf = TreeHashes.leafHash(Hashes.sha256(value));
        if (index >= cp.size()) {
            return new Result(false, "index " + index + " is not in the checkpoint's tree of size " + cp.size(), cp);
        }
        if (!Proofs.verifyInclusion(index, cp.size(), leaf, hashes, cp.root())) {
            return new Result(false, "the inclusion proof does not lead from the entry (seq " + (index + 1)
                    + ") to the checkpoint's root " + Hashes.hex(cp.root()) + " of size " + cp.size(), cp);
        }
        return new Result(true, "entry seq " + (index + 1) + " (" + Hashes.hex(Hashes.sha256(value)) + ") is in "
                + cp.origin() + " at tree size " + cp.size() + ", root " + Hashes.hex(cp.root()) + ", signed by "
                + String.join(", ", signed.signedBy()), cp);
    }

    private static boolean isLegacyChainlog(String text) {
        try {
            return Checkpoint.parse(text).legacy();
        } catch (MalformedNoteException e) {
            return false; // another log's checkpoint: its third line is its root
        }
    }

    private static byte[] base64(Base64.Decoder b64, String s, String what) {
        try {
            byte[] b = b64.decode(s);
            if (!Base64.getEncoder().encodeToString(b).equals(s)) {
                throw new MalformedNoteException(what + " is not standard padded base64");
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException(what + " is not base64: " + e.getMessage());
        }
    }
}
