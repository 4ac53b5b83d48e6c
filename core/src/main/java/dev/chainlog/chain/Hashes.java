package dev.chainlog.chain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** SHA-256 of stored values, and the 64-char lowercase hex form in which hashes appear in values and reports. */
public final class Hashes {
    public static final int LENGTH = 32;
    public static final int HEX_LENGTH = 64;
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] ZERO = new byte[LENGTH];
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Hashes::newDigest);

    private Hashes() {
    }

    /** The {@code prev} of seq 1: 32 zero bytes. */
    public static byte[] zero() {
        return ZERO.clone();
    }

    public static boolean isZero(byte[] hash) {
        return Arrays.equals(hash, ZERO);
    }

    public static byte[] sha256(byte[] bytes) {
        return DIGEST.get().digest(bytes);
    }

    public static String hex(byte[] hash) {
        return hash == null ? null : HEX.formatHex(hash);
    }

    /** Parses 64 lowercase or uppercase hex chars; anything else is an {@link IllegalArgumentException}. */
    public static byte[] fromHex(String hex) {
        if (hex == null || hex.length() != HEX_LENGTH) {
            throw new IllegalArgumentException("a hash is " + HEX_LENGTH + " hex chars, got "
                    + (hex == null ? "null" : hex.length() + " chars"));
        }
        return HEX.parseHex(hex);
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
