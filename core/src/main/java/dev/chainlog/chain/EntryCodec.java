package dev.chainlog.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Encodes and decodes the stored value of an entry: format version 1 (docs/FORMAT.md has the full rules).
 *
 * <pre>
 * {"seq":N,"prev":"&lt;64 hex&gt;","ts":T,"kind":K[,"source":S][,"reqId":R],"uuid":U[,"meta":{..}],"payload":{..}}
 * </pre>
 * <ul>
 *   <li>Compact UTF-8 JSON, fields in exactly this order, no whitespace; optional fields are omitted, never
 *       {@code null}; {@code meta} is omitted when empty.</li>
 *   <li>{@code seq} is a decimal long &ge; 1; {@code prev} is the lowercase hex SHA-256 of the stored value of
 *       {@code seq - 1} (64 zeros for seq 1); {@code ts} is epoch microseconds, a decimal long &ge; 0.</li>
 *   <li>Caller data (kind, source, reqId, uuid, meta, payload) is spelled under encoding rule 2,
 *       {@link CanonicalJson}: the same logical event always has the same bytes. Values written before rule 2 are
 *       in rule 1 ({@link LegacyJson}); both are format version 1, and readers treat them alike.</li>
 *   <li>The hash of an entry is SHA-256 of exactly these bytes. They are written once and never re-encoded:
 *       readers hash what they read, so any change to any byte changes the hash.</li>
 * </ul>
 * The header ({@code seq}, {@code prev}, {@code ts}) has a fixed layout and is read byte by byte (see
 * {@link #readHeader}); a value whose prefix deviates from it is malformed even if it is valid JSON.
 */
public final class EntryCodec {
    public static final int FORMAT_VERSION = 1;
    /** The last seq a log hands out (2^62): far beyond any real log, and far enough from Long.MAX_VALUE that no
     *  seq arithmetic (head + 1, head - maxEntries + 1) can overflow. */
    public static final long MAX_SEQ = 1L << 62;

    private static final byte[] SEQ = ascii("{\"seq\":");
    private static final byte[] PREV = ascii(",\"prev\":\"");
    private static final byte[] TS = ascii("\",\"ts\":");
    private static final byte[] KIND = ascii(",\"kind\":");
    private static final byte[] SOURCE = ascii(",\"source\":");
    private static final byte[] META = ascii(",\"meta\":");
    private static final byte[] PAYLOAD = ascii(",\"payload\":");
    private static final Set<String> FIELDS =
            Set.of("seq", "prev", "ts", "kind", "source", "reqId", "uuid", "meta", "payload");
    private static final byte[] HEX_DIGITS = ascii("0123456789abcdef");
    /** Value of each lowercase hex digit by byte, -1 for every other byte (verify decodes 64 per entry). */
    private static final byte[] HEX_VALUES = new byte[256];

    static {
        java.util.Arrays.fill(HEX_VALUES, (byte) -1);
        for (int i = 0; i < HEX_DIGITS.length; i++) {
            HEX_VALUES[HEX_DIGITS[i]] = (byte) i;
        }
    }

    private EntryCodec() {
    }

    // ------------------------------------------------------------------ encoding

    /**
     * Encodes the state-independent parts of an event under encoding rule 2 ({@link CanonicalJson}): kind and
     * source escaped canonically, meta members sorted by name (whatever order {@code meta} iterates in), and
     * {@code payloadJson}, which must already be the canonical payload text ({@link CanonicalJson#payload}).
     */
    public static EncodedEvent encodeEvent(String kind, String source, Map<String, String> meta, byte[] payloadJson) {
        CanonicalJson out = new CanonicalJson(64 + payloadJson.length);
        out.raw(KIND).string(kind);
        if (source != null) {
            out.raw(SOURCE).string(source);
        }
        byte[] kindSource = out.toByteArray();
        out.reset();
        if (meta != null && !meta.isEmpty()) {
            out.raw(META).members(meta);
        }
        int metaSize = out.size();
        out.raw(PAYLOAD).raw(payloadJson).raw('}');
        return new EncodedEvent(kindSource, out.toByteArray(), payloadJson.length, metaSize);
    }

    /** {@code ,"name":"value"} under encoding rule 2; used for the per-append {@code reqId} and {@code uuid}. */
    public static byte[] stringField(String name, String value) {
        return new CanonicalJson(16 + value.length()).raw(',').string(name).raw(':').string(value).toByteArray();
    }

    /** Builds a stored value. Runs on the single writer: concatenation only, the event parts are pre-encoded. */
    public static byte[] encodeValue(long seq, byte[] prev, long ts, EncodedEvent event, byte[] reqIdField,
                                     byte[] uuidField) {
        int seqDigits = decimalLength(seq);
        int tsDigits = decimalLength(ts);
        int reqIdLength = reqIdField == null ? 0 : reqIdField.length;
        byte[] value = new byte[SEQ.length + seqDigits + PREV.length + Hashes.HEX_LENGTH + TS.length + tsDigits
                + event.length() + reqIdLength + uuidField.length];
        int at = put(value, 0, SEQ);
        at = putDecimal(value, at, seq, seqDigits);
        at = put(value, at, PREV);
        for (byte b : prev) {
            value[at++] = HEX_DIGITS[(b >> 4) & 0xF];
            value[at++] = HEX_DIGITS[b & 0xF];
        }
        at = put(value, at, TS);
        at = putDecimal(value, at, ts, tsDigits);
        at = event.writeKindSource(value, at);
        if (reqIdField != null) {
            at = put(value, at, reqIdField);
        }
        at = put(value, at, uuidField);
        event.writeMetaPayload(value, at);
        return value;
    }

    /**
     * The stored value of decoded fields {@code d} with {@code event} as their event part and reqId and uuid spelled
     * under rule 2: what chainlog writes for them now when {@code event} is their rule-2 encoding.
     */
    public static byte[] encodeValue(DecodedValue d, EncodedEvent event) {
        return encodeValue(d, event, EntryCodec::stringField);
    }

    /** {@link #encodeValue(DecodedValue, EncodedEvent)} with reqId and uuid spelled by {@code stringField}. */
    static byte[] encodeValue(DecodedValue d, EncodedEvent event, BiFunction<String, String, byte[]> stringField) {
        return encodeValue(d.seq(), Hashes.fromHex(d.prev()), d.ts(), event,
                d.reqId() == null ? null : stringField.apply("reqId", d.reqId()), stringField.apply("uuid", d.uuid()));
    }

    /**
     * True when {@code value} holds the same event as {@code event} with {@code reqIdField}: the same kind, source,
     * meta and payload, and the same uuid when {@code uuidField} is given (null: any uuid). This is how a retried
     * request is told apart from a different request that reuses its id.
     *
     * <p>The same logical event has the same rule-2 bytes, so comparing bytes decides for every value written under
     * rule 2. A value written before, under rule 1 ({@link LegacyJson}), spells the same event differently (meta and
     * payload members in the caller's order, other escapes and number spellings): only when the bytes differ is the
     * stored value decoded and its fields re-encoded under rule 2 and compared again, so a request stored by an
     * older chainlog and retried now is still recognised.
     */
    public static boolean sameEvent(byte[] value, EncodedEvent event, byte[] reqIdField, byte[] uuidField) {
        if (sameBytes(value, event, reqIdField, uuidField)) {
            return true;
        }
        byte[] canonical;
        try {
            DecodedValue d = decode(value);
            canonical = encodeValue(d, encodeEvent(d.kind(), d.source(), d.meta(), CanonicalJson.payload(d.payload())));
        } catch (MalformedValueException | IllegalArgumentException e) {
            return false; // not a value chainlog wrote (a damaged store): not the same event
        }
        return sameBytes(canonical, event, reqIdField, uuidField);
    }

    private static boolean sameBytes(byte[] value, EncodedEvent event, byte[] reqIdField, byte[] uuidField) {
        int at;
        try {
            at = readHeader(value).end();
        } catch (MalformedValueException e) {
            return false;
        }
        if (!event.kindSourceMatches(value, at)) {
            return false;
        }
        at += event.kindSourceLength();
        if (reqIdField != null) {
            if (!EncodedEvent.regionEquals(reqIdField, value, at)) {
                return false;
            }
            at += reqIdField.length;
        }
        if (uuidField != null) {
            if (!EncodedEvent.regionEquals(uuidField, value, at)) {
                return false;
            }
            at += uuidField.length;
        } else {
            at = skipStringField(value, at, ascii(",\"uuid\":\""));
            if (at < 0) {
                return false;
            }
        }
        return event.metaPayloadMatches(value, at);
    }

    // ------------------------------------------------------------------ decoding

    /** Reads {@code seq}, {@code prev}, {@code ts} from the fixed-layout prefix, without building a JSON tree. */
    public static EntryHeader readHeader(byte[] value) {
        if (value == null) {
            throw new MalformedValueException("value is missing");
        }
        int at = expect(value, 0, SEQ, "{\"seq\":");
        long[] seq = new long[1];
        at = readDecimal(value, at, seq, "seq");
        at = expect(value, at, PREV, ",\"prev\":\"");
        if (at + Hashes.HEX_LENGTH > value.length) {
            throw new MalformedValueException("value ends inside prev");
        }
        byte[] prev = new byte[Hashes.LENGTH];
        for (int i = 0; i < Hashes.LENGTH; i++) {
            prev[i] = (byte) (hexDigit(value[at + 2 * i]) << 4 | hexDigit(value[at + 2 * i + 1]));
        }
        at = expect(value, at + Hashes.HEX_LENGTH, TS, "\",\"ts\":");
        long[] ts = new long[1];
        at = readDecimal(value, at, ts, "ts");
        if (seq[0] < 1) {
            throw new MalformedValueException("seq must be >= 1, got " + seq[0]);
        }
        return new EntryHeader(seq[0], prev, ts[0], at);
    }

    /** Decodes and type-checks every field; unknown fields, missing required fields and wrong types are malformed. */
    public static DecodedValue decode(byte[] value) {
        EntryHeader header = readHeader(value);
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new MalformedValueException("not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode obj)) {
            throw new MalformedValueException("not a JSON object");
        }
        for (Iterator<String> names = obj.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new MalformedValueException("unknown field '" + name + "'");
            }
        }
        String kind = text(obj, "kind", true);
        String uuid = text(obj, "uuid", true);
        JsonNode payload = obj.get("payload");
        if (!(payload instanceof ObjectNode payloadObject)) {
            throw new MalformedValueException("payload must be a JSON object");
        }
        Map<String, String> meta = Map.of();
        JsonNode metaNode = obj.get("meta");
        if (metaNode != null) {
            if (!metaNode.isObject()) {
                throw new MalformedValueException("meta must be a JSON object of strings");
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : metaNode.properties()) {
                if (!e.getValue().isTextual()) {
                    throw new MalformedValueException("meta." + e.getKey() + " must be a string");
                }
                m.put(e.getKey(), e.getValue().textValue());
            }
            meta = Collections.unmodifiableMap(m);
        }
        return new DecodedValue(header.seq(), Hashes.hex(header.prev()), header.ts(), kind,
                text(obj, "source", false), text(obj, "reqId", false), uuid, meta, payloadObject);
    }

    // ------------------------------------------------------------------ helpers

    private static String text(ObjectNode obj, String field, boolean required) {
        JsonNode node = obj.get(field);
        if (node == null) {
            if (required) {
                throw new MalformedValueException("missing field '" + field + "'");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new MalformedValueException("field '" + field + "' must be a string");
        }
        return node.textValue();
    }

    /** Skips {@code prefix + "<json string body>"} starting at {@code at}; returns the offset after it or -1. */
    private static int skipStringField(byte[] value, int at, byte[] prefix) {
        if (!EncodedEvent.regionEquals(prefix, value, at)) {
            return -1;
        }
        for (int i = at + prefix.length; i < value.length; i++) {
            if (value[i] == '\\') {
                i++;
            } else if (value[i] == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int expect(byte[] value, int at, byte[] literal, String what) {
        if (!EncodedEvent.regionEquals(literal, value, at)) {
            throw new MalformedValueException("expected " + what + " at byte " + at);
        }
        return at + literal.length;
    }

    private static int readDecimal(byte[] value, int at, long[] out, String field) {
        int start = at;
        long n = 0;
        while (at < value.length && value[at] >= '0' && value[at] <= '9') {
            try {
                n = Math.addExact(Math.multiplyExact(n, 10), value[at] - '0');
            } catch (ArithmeticException e) {
                throw new MalformedValueException(field + " overflows a long");
            }
            at++;
        }
        if (at == start || (value[start] == '0' && at - start > 1)) {
            throw new MalformedValueException(field + " must be a decimal number without leading zeros");
        }
        out[0] = n;
        return at;
    }

    private static int hexDigit(byte b) {
        int d = HEX_VALUES[b & 0xFF];
        if (d < 0) {
            throw new MalformedValueException("prev must be 64 lowercase hex digits");
        }
        return d;
    }

    private static int decimalLength(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative: " + n);
        }
        int digits = 1;
        while (n >= 10) {
            n /= 10;
            digits++;
        }
        return digits;
    }

    private static int putDecimal(byte[] dst, int at, long n, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            dst[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return at + digits;
    }

    private static int put(byte[] dst, int at, byte[] src) {
        System.arraycopy(src, 0, dst, at, src.length);
        return at + src.length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
