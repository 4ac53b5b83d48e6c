package dev.chainlog.chain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

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
 *       numbers as Jackson writes the decoded tree ({@code BigDecimal.toString}: {@code 1E+2}, {@code 2.5}).</li>
 * </ul>
 */
public final class LegacyJson {
    private LegacyJson() {
    }

    /** The stored value rule 1 writes for these fields: a line is in rule 1 exactly when its bytes are these. */
    public static byte[] value(DecodedValue d) {
        return EntryCodec.encodeValue(d, encodeEvent(d.kind(), d.source(), d.meta(), d.payload()), LegacyJson::stringField);
    }

    private static EncodedEvent encodeEvent(String kind, String source, Map<String, String> meta, JsonNode payload) {
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
            byte[] payloadJson = Json.MAPPER.writeValueAsBytes(payload);
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
