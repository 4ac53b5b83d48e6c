package dev.chainlog.store;

import dev.chainlog.chain.Hashes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A durable consumer's position, kept by the store and written only in the same atomic batch as the commit that
 * moves it (docs/DESIGN.md: Durable consumers).
 *
 * <pre>
 * stored value : version byte 1, seq (8 bytes BE), hash (32 bytes), holdEntries (8 bytes BE)   49 bytes
 * </pre>
 *
 * @param name        the consumer's name (1 to 128 characters of [A-Za-z0-9._-])
 * @param seq         the last entry the consumer committed (0: none yet)
 * @param hash        that entry's hash (32 zero bytes for seq 0): the resume position names both
 * @param holdEntries 0: retention ignores the consumer; N &gt; 0: retention keeps the entries after {@code seq}, up to
 *                    N of them (a dead consumer cannot hold more)
 */
public record ConsumerCursor(String name, long seq, byte[] hash, long holdEntries) {
    public static final int MAX_NAME = 128;
    private static final byte VERSION = 1;
    private static final int LENGTH = 1 + 8 + Hashes.LENGTH + 8;

    public ConsumerCursor {
        requireName(name);
        Objects.requireNonNull(hash, "hash");
        if (hash.length != Hashes.LENGTH || seq < 0 || holdEntries < 0) {
            throw new IllegalArgumentException("a consumer cursor has seq >= 0, a 32-byte hash and holdEntries >= 0");
        }
    }

    /** A consumer that has committed nothing yet. */
    public static ConsumerCursor initial(String name, long holdEntries) {
        return new ConsumerCursor(name, 0, Hashes.zero(), holdEntries);
    }

    public ConsumerCursor at(long newSeq, byte[] newHash) {
        return new ConsumerCursor(name, newSeq, newHash, holdEntries);
    }

    public ConsumerCursor holding(long entries) {
        return new ConsumerCursor(name, seq, hash, entries);
    }

    /** Refuses a name a consumer cannot have, saying why. */
    public static String requireName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME
                || !name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-'))) {
            throw new IllegalArgumentException("a consumer name is 1 to " + MAX_NAME + " characters of A-Z a-z 0-9 . _ -, got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(LENGTH).put(VERSION).putLong(seq).put(hash).putLong(holdEntries).array();
    }

    /** Decodes {@link #toBytes()}; anything else is an {@link IllegalArgumentException} saying what. */
    public static ConsumerCursor fromBytes(String name, byte[] b) {
        if (b == null || b.length != LENGTH || b[0] != VERSION) {
            throw new IllegalArgumentException("the stored cursor of consumer '" + name + "' is not a version-1 cursor of "
                    + LENGTH + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(b, 1, LENGTH - 1);
        long seq = in.getLong();
        byte[] hash = new byte[Hashes.LENGTH];
        in.get(hash);
        return new ConsumerCursor(name, seq, hash, in.getLong());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsumerCursor c && c.name.equals(name) && c.seq == seq && Arrays.equals(c.hash, hash)
                && c.holdEntries == holdEntries;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, seq, holdEntries) * 31 + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "ConsumerCursor{" + name + " at " + seq + ":" + Hashes.hex(hash) + (holdEntries > 0 ? ", holds up to "
                + holdEntries : "") + "}";
    }

    /** UTF-8 of the name, for store keys. */
    public byte[] nameBytes() {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
