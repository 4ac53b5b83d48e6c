package dev.chainlog.checkpoint;

import dev.chainlog.chain.Hashes;

import java.util.Base64;
import java.util.List;

/**
 * A checkpoint of a chainlog log: a C2SP tlog-checkpoint note text (docs/FORMAT.md §3a), so any standard
 * checkpoint reader, witness or monitor takes its first three lines as they are meant:
 *
 * <pre>
 * &lt;origin&gt;                                  chainlog/&lt;log id&gt;
 * &lt;tree size&gt;                               entries ever appended: the head seq
 * &lt;base64 root hash&gt;                        RFC 6962 Merkle root of the entries 1 .. tree size
 * chainlog-head &lt;base64 hash&gt;              extension: the chain head, hash of entry tree size (zeros for none)
 * chainlog-prune &lt;logStartSeq&gt; &lt;base64 hash&gt;  extension: first retained seq, hash of entry logStartSeq − 1
 * chainlog-time &lt;epoch micros&gt;             extension: when the checkpoint was taken
 * </pre>
 *
 * Why extension lines, not a second note: the tlog-checkpoint spec allows opaque extension lines after the third,
 * and cosigners make no statement about them; one signature then binds the Merkle root to the hash-chain head (so
 * the cheap whole-log chain walk and the tree vouch for the same entries), to the prune anchor (in tree terms: the
 * leaves [0, logStartSeq − 1) are pruned, the tree's minimum index is logStartSeq − 1) and to the time the log's
 * checkpoint policy counts from. A reader that knows only the standard ignores them.
 *
 * <p>Checkpoints signed before chainlog kept a Merkle tree (until issue 13) have five lines, the third being the
 * chain head; they {@link #parse} as {@link #legacy()} ones, with no root: they still vouch for the chain head, and
 * are checked that way.
 *
 * @param rootHash the Merkle root; null for a legacy checkpoint
 */
public record Checkpoint(String origin, long headSeq, byte[] rootHash, byte[] headHash, long logStartSeq,
                         byte[] logStartPrev, long timeMicros) {

    public Checkpoint {
        if (origin == null || origin.isEmpty() || origin.contains("\n")) {
            throw new MalformedNoteException("a checkpoint origin is one non-empty line");
        }
        if (headSeq < 0 || logStartSeq < 1 || logStartSeq > headSeq + 1) {
            throw new MalformedNoteException("inconsistent checkpoint: head " + headSeq + ", logStartSeq " + logStartSeq);
        }
        if ((rootHash != null && rootHash.length != Hashes.LENGTH) || headHash.length != Hashes.LENGTH
                || logStartPrev.length != Hashes.LENGTH) {
            throw new MalformedNoteException("checkpoint hashes are 32 bytes");
        }
    }

    /** The tree size: entries ever appended. */
    public long treeSize() {
        return headSeq;
    }

    /** True for a checkpoint signed before chainlog kept a Merkle tree: its third line is the chain head. */
    public boolean legacy() {
        return rootHash == null;
    }

    public String noteText() {
        Base64.Encoder b64 = Base64.getEncoder();
        String ext = "chainlog-prune " + logStartSeq + " " + b64.encodeToString(logStartPrev) + "\n"
                + "chainlog-time " + timeMicros + "\n";
        if (legacy()) {
            return origin + "\n" + headSeq + "\n" + b64.encodeToString(headHash) + "\n" + ext;
        }
        return origin + "\n" + headSeq + "\n" + b64.encodeToString(rootHash) + "\n"
                + "chainlog-head " + b64.encodeToString(headHash) + "\n" + ext;
    }

    /** Parses a note text written by {@link #noteText()} (either layout); anything else is malformed. */
    public static Checkpoint parse(String text) {
        TreeHead head = TreeHead.parse(text);
        List<String> ext = head.extensions();
        boolean legacy = ext.size() == 2;
        if (ext.size() != 3 && !legacy) {
            throw new MalformedNoteException("a chainlog checkpoint has 6 lines (origin, tree size, root hash, "
                    + "chainlog-head, chainlog-prune, chainlog-time; or 5 before chainlog kept a Merkle tree), got "
                    + (3 + ext.size()));
        }
        byte[] head32 = head.root();
        int at = 0;
        if (!legacy) {
            String[] h = ext.get(at++).split(" ", -1);
            if (h.length != 2 || !h[0].equals("chainlog-head")) {
                throw new MalformedNoteException("the fourth line must be 'chainlog-head HASH', got '" + ext.get(0) + "'");
            }
            head32 = TreeHead.hash(h[1], "chain head");
        }
        String[] prune = ext.get(at++).split(" ", -1);
        String[] time = ext.get(at).split(" ", -1);
        if (prune.length != 3 || !prune[0].equals("chainlog-prune") || time.length != 2 || !time[0].equals("chainlog-time")) {
            throw new MalformedNoteException("the extension lines must be 'chainlog-prune SEQ HASH' and 'chainlog-time MICROS'");
        }
        return new Checkpoint(head.origin(), head.size(), legacy ? null : head.root(), head32,
                TreeHead.decimal(prune[1], "logStartSeq"), TreeHead.hash(prune[2], "prune anchor"),
                TreeHead.decimal(time[1], "time"));
    }
}
