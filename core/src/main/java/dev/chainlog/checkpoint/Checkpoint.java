package dev.chainlog.checkpoint;

import dev.chainlog.chain.Hashes;

import java.util.Base64;

/**
 * A checkpoint of a chainlog log, in the note-text layout of c2sp.org/tlog-checkpoint:
 *
 * <pre>
 * &lt;origin&gt;                                  e.g. chainlog/6f1c…  (the log id)
 * &lt;head seq&gt;                                the "tree size": entries ever appended
 * &lt;base64 head hash&gt;                        the "root hash": SHA-256 of entry head seq (chain head, not a Merkle root)
 * chainlog-prune &lt;logStartSeq&gt; &lt;base64 hash&gt;  extension: first retained seq, hash of entry logStartSeq - 1
 * chainlog-time &lt;epoch micros&gt;             extension: when the checkpoint was taken
 * </pre>
 *
 * The third line deviates from the tlog convention on purpose: chainlog commits to its hash chain, whose head
 * names every earlier entry, so the head hash plays the root hash's role (there are no Merkle proofs yet). The
 * prune extension is the signed prune anchor: it lets a verifier tell "pruned by policy up to N" from "deleted".
 */
public record Checkpoint(String origin, long headSeq, byte[] headHash, long logStartSeq, byte[] logStartPrev,
                         long timeMicros) {

    public Checkpoint {
        if (origin == null || origin.isEmpty() || origin.contains("\n")) {
            throw new MalformedNoteException("a checkpoint origin is one non-empty line");
        }
        if (headSeq < 0 || logStartSeq < 1 || logStartSeq > headSeq + 1) {
            throw new MalformedNoteException("inconsistent checkpoint: head " + headSeq + ", logStartSeq " + logStartSeq);
        }
        if (headHash.length != Hashes.LENGTH || logStartPrev.length != Hashes.LENGTH) {
            throw new MalformedNoteException("checkpoint hashes are 32 bytes");
        }
    }

    public String noteText() {
        Base64.Encoder b64 = Base64.getEncoder();
        return origin + "\n" + headSeq + "\n" + b64.encodeToString(headHash) + "\n"
                + "chainlog-prune " + logStartSeq + " " + b64.encodeToString(logStartPrev) + "\n"
                + "chainlog-time " + timeMicros + "\n";
    }

    /** Parses a note text written by {@link #noteText()}; anything else is malformed. */
    public static Checkpoint parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length != 6 || !lines[5].isEmpty()) {
            throw new MalformedNoteException("a chainlog checkpoint has exactly 5 lines, got " + (lines.length - 1));
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            long headSeq = decimal(lines[1], "tree size");
            byte[] headHash = b64.decode(lines[2]);
            String[] prune = lines[3].split(" ");
            String[] time = lines[4].split(" ");
            if (prune.length != 3 || !prune[0].equals("chainlog-prune") || time.length != 2 || !time[0].equals("chainlog-time")) {
                throw new MalformedNoteException("the extension lines must be 'chainlog-prune SEQ HASH' and 'chainlog-time MICROS'");
            }
            return new Checkpoint(lines[0], headSeq, headHash, decimal(prune[1], "logStartSeq"), b64.decode(prune[2]),
                    decimal(time[1], "time"));
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("a checkpoint hash is not base64: " + e.getMessage());
        }
    }

    private static long decimal(String s, String what) {
        if (s.isEmpty() || (s.length() > 1 && s.charAt(0) == '0') || !s.chars().allMatch(Character::isDigit)) {
            throw new MalformedNoteException(what + " must be a decimal without leading zeros, got '" + s + "'");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new MalformedNoteException(what + " is out of range: '" + s + "'");
        }
    }
}
