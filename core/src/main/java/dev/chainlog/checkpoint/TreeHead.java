package dev.chainlog.checkpoint;

import dev.chainlog.chain.Hashes;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The note text of a C2SP tlog-checkpoint, as any log writes it: the origin, the tree size (ASCII decimal, no leading
 * zeros), the base64 root hash, then zero or more non-empty extension lines, each line ending in a newline. chainlog's
 * own {@link Checkpoint} is one with three extension lines; a proof from another log's checkpoint is read with this.
 */
public record TreeHead(String origin, long size, byte[] root, List<String> extensions) {
    public TreeHead {
        extensions = List.copyOf(extensions);
    }

    /** Parses a tlog-checkpoint note text; anything else is a {@link MalformedNoteException} saying what. */
    public static TreeHead parse(String text) {
        if (!text.endsWith("\n")) {
            throw new MalformedNoteException("a checkpoint's text ends with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new MalformedNoteException("a checkpoint has at least 3 lines (origin, tree size, root hash), got "
                    + lines.length);
        }
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                throw new MalformedNoteException("line " + (i + 1) + " of the checkpoint is empty");
            }
        }
        return new TreeHead(lines[0], decimal(lines[1], "tree size"), hash(lines[2], "root hash"),
                Arrays.asList(lines).subList(3, lines.length));
    }

    /** 32 bytes in standard, padded base64, spelled exactly as an encoder spells them. */
    static byte[] hash(String s, String what) {
        byte[] h;
        try {
            h = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("the " + what + " is not base64: " + e.getMessage());
        }
        if (h.length != Hashes.LENGTH || !Base64.getEncoder().encodeToString(h).equals(s)) {
            throw new MalformedNoteException("the " + what + " must be 32 bytes in standard padded base64, got '" + s + "'");
        }
        return h;
    }

    /** A non-negative ASCII decimal without leading zeros. */
    static long decimal(String s, String what) {
        if (s.isEmpty() || (s.length() > 1 && s.charAt(0) == '0') || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedNoteException(what + " must be a decimal without leading zeros, got '" + s + "'");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new MalformedNoteException(what + " is out of range: '" + s + "'");
        }
    }
}
