package dev.chainlog.checkpoint;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies signed notes against trusted public keys, following c2sp.org/signed-note: signature lines from
 * unknown keys are ignored; a line whose key name and ID match a trusted key must verify, or the whole note is
 * rejected; at least one trusted signature must verify.
 */
public final class NoteVerifier {
    /**
     * A trusted key. With a null name it trusts the key under any name: a line's key ID, recomputed from its
     * name and this key, must still match, so the name is bound by the signature line itself.
     */
    public record Key(String name, PublicKey publicKey) {
        public static Key load(String name, Path publicKeyPem) {
            return new Key(name, NoteKeys.readPublic(publicKeyPem));
        }
    }

    /** What verification concluded. {@code signedBy} lists the trusted key names whose signatures verified. */
    public record Result(Status status, List<String> signedBy, String detail) {
        public boolean ok() {
            return status == Status.VERIFIED;
        }
    }

    public enum Status { VERIFIED, NO_TRUSTED_SIGNATURE, BAD_SIGNATURE }

    private final List<Key> trusted;

    public NoteVerifier(List<Key> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    public Result verify(SignedNote note) {
        List<String> signedBy = new ArrayList<>();
        byte[] text = note.text().getBytes(StandardCharsets.UTF_8);
        for (SignedNote.Signature sig : note.signatures()) {
            for (Key key : trusted) {
                if (key.name() != null && !key.name().equals(sig.keyName())) {
                    continue;
                }
                if (NoteKeys.keyId(sig.keyName(), key.publicKey()) != sig.keyId()) {
                    continue;
                }
                if (!valid(key.publicKey(), text, sig.signature())) {
                    return new Result(Status.BAD_SIGNATURE, List.of(), "the signature of trusted key '" + sig.keyName()
                            + "' does not verify: the note was altered or signed by another key");
                }
                signedBy.add(sig.keyName());
            }
        }
        if (signedBy.isEmpty()) {
            return new Result(Status.NO_TRUSTED_SIGNATURE, List.of(), "no signature from a trusted key (signed by "
                    + note.signatures().stream().map(s -> s.keyName() + String.format("+%08x", s.keyId())).toList() + ")");
        }
        return new Result(Status.VERIFIED, List.copyOf(signedBy), "signed by " + signedBy);
    }

    private static boolean valid(PublicKey key, byte[] text, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(text);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
