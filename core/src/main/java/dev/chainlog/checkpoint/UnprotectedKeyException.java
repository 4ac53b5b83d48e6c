package dev.chainlog.checkpoint;

/**
 * A private key file that someone other than its owner may read, write or run (a group or others permission bit is
 * set): refused before it is read, so that a key shared by mistake is noticed at once (docs/SECURITY.md, "Signing
 * keys"). The message names the file, its permissions and the fix ({@code chmod 600}), never key material.
 */
public final class UnprotectedKeyException extends IllegalArgumentException {
    public UnprotectedKeyException(String message) {
        super(message);
    }
}
