package dev.chainlog.chain;

import java.util.Arrays;

/**
 * The parts of a stored value that do not depend on the log's state, encoded once on the caller's thread so the
 * single writer only concatenates bytes (see {@link EntryCodec} for the layout).
 *
 * <p>{@code kindSource} is {@code ,"kind":K[,"source":S]}; {@code metaPayload} is
 * {@code [,"meta":{..}],"payload":{..}}} including the closing brace of the value. Immutable: the arrays never
 * leave this class.
 */
public final class EncodedEvent {
    private final byte[] kindSource;
    private final byte[] metaPayload;
    private final int payloadSize;
    private final int metaSize;

    EncodedEvent(byte[] kindSource, byte[] metaPayload, int payloadSize, int metaSize) {
        this.kindSource = kindSource;
        this.metaPayload = metaPayload;
        this.payloadSize = payloadSize;
        this.metaSize = metaSize;
    }

    /** Size in bytes of the encoded meta field ({@code ,"meta":{..}}), 0 when there is none. */
    public int metaSize() {
        return metaSize;
    }

    /** Size in bytes of the encoded payload object alone (what the payload limit applies to). */
    public int payloadSize() {
        return payloadSize;
    }

    int length() {
        return kindSource.length + metaPayload.length;
    }

    int writeKindSource(byte[] dst, int offset) {
        System.arraycopy(kindSource, 0, dst, offset, kindSource.length);
        return offset + kindSource.length;
    }

    int writeMetaPayload(byte[] dst, int offset) {
        System.arraycopy(metaPayload, 0, dst, offset, metaPayload.length);
        return offset + metaPayload.length;
    }

    /** True when {@code value[from..from+len)} holds exactly this event's kind/source part. */
    boolean kindSourceMatches(byte[] value, int from) {
        return regionEquals(kindSource, value, from);
    }

    boolean metaPayloadMatches(byte[] value, int from) {
        return from + metaPayload.length == value.length && regionEquals(metaPayload, value, from);
    }

    int kindSourceLength() {
        return kindSource.length;
    }

    static boolean regionEquals(byte[] part, byte[] value, int from) {
        return from >= 0 && from + part.length <= value.length
                && Arrays.equals(part, 0, part.length, value, from, from + part.length);
    }
}
