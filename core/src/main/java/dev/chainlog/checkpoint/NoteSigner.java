package dev.chainlog.checkpoint;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;

/**
 * Signs note texts with an Ed25519 key under a key name (C2SP: the name SHOULD be the log's origin). The public
 * key is needed too, because the key ID in every signature line is derived from it.
 */
public final class NoteSigner {
    private final String name;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final int keyId;

    public NoteSigner(String name, PrivateKey privateKey, PublicKey publicKey) {
        if (name == null || name.isEmpty() || name.contains("+") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new MalformedNoteException("a key name must be non-empty, without spaces or '+': '" + name + "'");
        }
        this.name = name;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = NoteKeys.keyId(name, publicKey);
    }

    /** Loads {@code privateKeyPem} and its public half from {@code publicKeyPem}. */
    public static NoteSigner load(String name, Path privateKeyPem, Path publicKeyPem) {
        return new NoteSigner(name, NoteKeys.readPrivate(privateKeyPem), NoteKeys.readPublic(publicKeyPem));
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return keyId;
    }

    public NoteVerifier.Key verifierKey() {
        return new NoteVerifier.Key(name, publicKey);
    }

    SignedNote.Signature sign(String text) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return new SignedNote.Signature(name, keyId, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Signs {@code text} (which must end in a newline) with every signer. */
    public static SignedNote signAll(String text, List<NoteSigner> signers) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a note text ends with a newline");
        }
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("a signed note needs at least one signer");
        }
        return new SignedNote(text, signers.stream().map(s -> s.sign(text)).toList());
    }
}
