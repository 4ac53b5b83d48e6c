package dev.chainlog.chain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encoding rule 1: how chainlog spelled caller data in the values it wrote before rule 2 ({@link CanonicalJson}).
 * Nothing is written with it any more; it only recognises such values, so that an export of an older log still
 * imports (docs/FORMAT.md §1: import accepts a line in either rule). Rule 1 is Jackson's output, exactly as the code
 * of that time produced it, the format (fields, their order, the header) being the same:
 * <ul>
 *   <li>kind, source, reqId, uuid: Jackson's {@link JsonStringEncoder}: {@code "} and {@code \} escaped, control
 *       characters as their short escapes or <code>&#92;u00XX</code> with uppercase hex, everything else raw UTF-8;</li>
 *   <li>meta: Jackson's generator, members in the order given; the same escapes, but a character outside the BMP
 *       (an emoji) as its two surrogates, <code>&#92;uD83D&#92;uDE00</code>;</li>
 *   <li>payload: {@code Json.MAPPER.writeValueAsBytes(tree)}: members in the order given, strings as in meta,
 *       numbers as Jackson wrote the caller's tree, which depended on how the caller typed them: a double by
 *       {@code Double.toString} ({@code 100.0}, {@code 1.5E10}), a number parsed from JSON text by
 *       {@code BigDecimal.toString} after stripping trailing zeros ({@code 1E+2}), an exact {@code DecimalNode} as
 *       it was ({@code 2.50}), a float by {@code Float.toString}. So a line's number is taken as it is spelled when
 *       it is a spelling one of those gave ({@link #isRule1Number}); {@code 1e+21} (rule 2's) is none.</li>
 * </ul>
 */
public final class LegacyJson {
    private LegacyJson() {
    }

    /**
     * The stored value rule 1 writes for the fields {@code d} of {@code line}, with the line's own number spellings:
     * the line is in rule 1 exactly when its bytes are these. Null when a number is spelled as rule 1 never did.
     */
    public static byte[] value(DecodedValue d, byte[] line) {
        byte[] payload = payloadOf(line);
        return payload == null ? null
                : EntryCodec.encodeValue(d, encodeEvent(d.kind(), d.source(), d.meta(), payload), LegacyJson::stringField);
    }

    /**
     * A spelling Jackson gave a number under rule 1: {@code Double.toString} or {@code Float.toString} of a double or
     * float, or {@code BigDecimal.toString} of a decimal (which covers plain integers). Each is the one its own
     * parse writes back.
     */
    static boolean isRule1Number(String text) {
        try {
            return text.equals(new java.math.BigDecimal(text).toString())
                    || text.equals(Double.toString(Double.parseDouble(text)))
                    || text.equals(Float.toString(Float.parseFloat(text)));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The line's payload as Jackson's generator writes it, each number token copied exactly as the line spells it. */
    private static byte[] payloadOf(byte[] line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(line.length);
        try (JsonParser p = Json.parser(line); JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            p.nextToken(); // the value's {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean payload = p.currentName().equals("payload");
                p.nextToken();
                if (!payload) {
                    p.skipChildren();
                    continue;
                }
                int depth = 0;
                do {
                    JsonToken t = p.currentToken();
                    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                        if (!isRule1Number(p.getText())) {
                            return null;
                        }
                        g.writeNumber(p.getText());
                    } else {
                        g.copyCurrentEvent(p);
                    }
                    depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
                } while (depth > 0 && p.nextToken() != null);
                break;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the line decoded before (DecodedValue): it parses
        }
        return out.toByteArray();
    }

    private static EncodedEvent encodeEvent(String kind, String source, Map<String, String> meta, byte[] payloadJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(stringField("kind", kind));
        if (source != null) {
            out.writeBytes(stringField("source", source));
        }
        byte[] kindSource = out.toByteArray();
        out.reset();
        try {
            if (!meta.isEmpty()) {
                try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
                    g.writeStartObject();
                    g.writeFieldName("meta");
                    g.writeStartObject();
                    for (Map.Entry<String, String> e : meta.entrySet()) {
                        g.writeStringField(e.getKey(), e.getValue());
                    }
                    g.writeEndObject();
                    g.writeEndObject();
                }
                // The generator wrote {"meta":{..}}; keep "meta":{..} behind the comma.
                byte[] wrapped = out.toByteArray();
                out.reset();
                out.write(',');
                out.write(wrapped, 1, wrapped.length - 2);
            }
            int metaSize = out.size();
            out.writeBytes(",\"payload\":".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(payloadJson);
            out.write('}');
            return new EncodedEvent(kindSource, out.toByteArray(), payloadJson.length, metaSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] stringField(String name, String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + value.length());
        out.writeBytes((",\"" + name + "\":\"").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(value));
        out.write('"');
        return out.toByteArray();
    }
}
