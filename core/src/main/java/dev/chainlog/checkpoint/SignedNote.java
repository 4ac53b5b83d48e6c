package dev.chainlog.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A signed note in the C2SP signed-note format (c2sp.org/signed-note): a text ending in a newline, a blank
 * line, then one or more signature lines {@code — <key name> <base64(4-byte key ID || signature)>}.
 *
 * <p>Parsing is strict: valid UTF-8, no control characters but newline, a non-empty text, at least one well-formed
 * signature line, at most {@link #MAX_SIGNATURES}. Whether a signature is valid is decided by {@link NoteVerifier}.
 */
public record SignedNote(String text, List<Signature> signatures) {
    /** The spec requires accepting at least 16; more is refused to bound the work a hostile note can cause. */
    public static final int MAX_SIGNATURES = 64;
    private static final String DASH = "\u2014 ";

    /** One signature line. */
    public record Signature(String keyName, int keyId, byte[] signature) {
        String line() {
            byte[] blob = new byte[4 + signature.length];
            blob[0] = (byte) (keyId >>> 24);
            blob[1] = (byte) (keyId >>> 16);
            blob[2] = (byte) (keyId >>> 8);
            blob[3] = (byte) keyId;
            System.arraycopy(signature, 0, blob, 4, signature.length);
            return DASH + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
        }
    }

    public SignedNote {
        signatures = List.copyOf(signatures);
    }

    /** The note as text: what is handed to witnesses, stored, or bundled with an export. */
    public String format() {
        StringBuilder sb = new StringBuilder(text).append('\n');
        for (Signature s : signatures) {
            sb.append(s.line());
        }
        return sb.toString();
    }

    public static SignedNote parse(String note) {
        if (note == null) {
            throw new MalformedNoteException("no note");
        }
        byte[] utf8 = note.getBytes(StandardCharsets.UTF_8);
        if (!new String(utf8, StandardCharsets.UTF_8).equals(note)) {
            throw new MalformedNoteException("the note is not valid UTF-8");
        }
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new MalformedNoteException("the note contains control character U+" + String.format("%04X", (int) c));
            }
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new MalformedNoteException("no blank line separates the text from the signatures");
        }
        String text = note.substring(0, split + 1);
        if (text.isEmpty() || text.equals("\n")) {
            throw new MalformedNoteException("the note text is empty");
        }
        String sigs = note.substring(split + 2);
        if (sigs.isEmpty() || !sigs.endsWith("\n")) {
            throw new MalformedNoteException("the signature lines must end with a newline");
        }
        List<Signature> out = new ArrayList<>();
        for (String line : sigs.substring(0, sigs.length() - 1).split("\n", -1)) {
            if (out.size() == MAX_SIGNATURES) {
                throw new MalformedNoteException("more than " + MAX_SIGNATURES + " signatures");
            }
            out.add(parseLine(line));
        }
        return new SignedNote(text, out);
    }

    private static Signature parseLine(String line) {
        if (!line.startsWith(DASH)) {
            throw new MalformedNoteException("a signature line must start with an em dash and a space: '" + line + "'");
        }
        String rest = line.substring(DASH.length());
        int space = rest.indexOf(' ');
        if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
            throw new MalformedNoteException("a signature line is '— <key name> <base64>': '" + line + "'");
        }
        String name = rest.substring(0, space);
        if (name.contains("+")) {
            throw new MalformedNoteException("a key name must not contain '+': '" + name + "'");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new MalformedNoteException("the signature of key '" + name + "' is not base64");
        }
        if (blob.length < 5) {
            throw new MalformedNoteException("the signature of key '" + name + "' is too short");
        }
        int id = (blob[0] & 0xFF) << 24 | (blob[1] & 0xFF) << 16 | (blob[2] & 0xFF) << 8 | (blob[3] & 0xFF);
        return new Signature(name, id, java.util.Arrays.copyOfRange(blob, 4, blob.length));
    }
}
