package dev.chainlog.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainlog.chain.DecodedValue;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Hashes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * A stored entry: the event plus {@code seq}, {@code prev} and {@code ts}, exactly as written once (docs/FORMAT.md).
 *
 * <p>Immutable. {@link #storedValue()}, {@link #hashBytes()} and {@link #payload()} return copies and {@link #meta()}
 * is unmodifiable, so nothing a caller does to them reaches the log (docs/DESIGN.md: Isolation). The fields are
 * decoded from the stored bytes on first use: replay, export and verify, which only need the bytes, never pay for
 * JSON decoding.
 */
public final class Entry {
    /** The version of the stored-value format every entry is in (docs/FORMAT.md §1). */
    public static final int FORMAT_VERSION = EntryCodec.FORMAT_VERSION;

    private final long seq;
    private final byte[] value;
    private volatile byte[] hash;
    private volatile DecodedValue decoded;

    /** For stores and the log: {@code value} and {@code hash} are taken over, not copied. */
    public static Entry of(long seq, byte[] value, byte[] hash) {
        return new Entry(seq, value, hash);
    }

    /** For the log's reads: the hash is computed from {@code value} on first use (a replay need not pay for it). */
    public static Entry of(long seq, byte[] value) {
        return new Entry(seq, value, null);
    }

    private Entry(long seq, byte[] value, byte[] hash) {
        this.seq = seq;
        this.value = value;
        this.hash = hash;
    }

    public long seq() {
        return seq;
    }

    /** Hash of the previous entry (64 hex chars; 64 zeros for seq 1). */
    public String prev() {
        return decoded().prev();
    }

    /** Epoch microseconds at append; never decreases along seq. */
    public long ts() {
        return decoded().ts();
    }

    public Instant timestamp() {
        long ts = ts();
        return Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000L), Math.floorMod(ts, 1_000_000L) * 1000L);
    }

    public String uuid() {
        return decoded().uuid();
    }

    public String kind() {
        return decoded().kind();
    }

    /** Null when the event had no source. */
    public String source() {
        return decoded().source();
    }

    /** Null when the append carried no request id. */
    public String requestId() {
        return decoded().reqId();
    }

    /** Unmodifiable; empty when none. */
    public Map<String, String> meta() {
        return decoded().meta();
    }

    /** A fresh copy of the payload object. */
    public ObjectNode payload() {
        return decoded().payload().deepCopy();
    }

    /** SHA-256 of the stored value, 64 lowercase hex chars: what the next entry's {@code prev} names. */
    public String hash() {
        return Hashes.hex(hashRef());
    }

    /** The 32 hash bytes (a copy). */
    public byte[] hashBytes() {
        return hashRef().clone();
    }

    private byte[] hashRef() {
        byte[] h = hash;
        if (h == null) {
            h = Hashes.sha256(value);
            hash = h;
        }
        return h;
    }

    /** The stored value, byte for byte (a copy): what {@link #hash()} is computed over and what export writes. */
    public byte[] storedValue() {
        return value.clone();
    }

    /** The stored value as a string: one line of an export. */
    public String json() {
        return new String(value, StandardCharsets.UTF_8);
    }

    private DecodedValue decoded() {
        DecodedValue d = decoded;
        if (d == null) {
            d = EntryCodec.decode(value);
            decoded = d;
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry other && other.seq == seq && java.util.Arrays.equals(other.hashRef(), hashRef());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + java.util.Arrays.hashCode(hashRef());
    }

    @Override
    public String toString() {
        return json();
    }
}
