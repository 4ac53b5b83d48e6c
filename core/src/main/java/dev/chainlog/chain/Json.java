package dev.chainlog.chain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration chainlog reads JSON with, and converts caller objects with. What it stores is
 * written by {@link CanonicalJson}, not by Jackson (rule 1, {@link LegacyJson}, was Jackson's output).
 *
 * <p>Why these settings: a stored value is hashed as bytes, so it must mean exactly one thing. Duplicate keys
 * are rejected (two readers could pick different values), and decimal numbers are kept as {@code BigDecimal} so
 * that {@code 2.50} or {@code 1e400} survive a decode without rounding or turning into {@code Infinity}.
 */
public final class Json {
    /** Thread-safe once configured; shared by every log in the JVM. */
    public static final ObjectMapper MAPPER = builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public static final JsonFactory FACTORY = MAPPER.getFactory();

    /**
     * Converts caller objects to trees. Like {@link #MAPPER}, except that a {@code double} or {@code float} stays
     * one instead of becoming {@code BigDecimal.valueOf(d)}: the canonical spelling of a double is defined on its
     * binary value (CanonicalJson), and {@code Double.toString} is not always its shortest decimal (1e23, 5e-324).
     */
    private static final ObjectMapper CONVERTER = builder().build();

    private Json() {
    }

    private static JsonMapper.Builder builder() {
        return JsonMapper.builder(JsonFactory.builder()
                        // maxPayloadBytes (configurable) bounds string sizes, not Jackson's 20M-char default: an entry
                        // the log accepted must always decode. Number and name limits stay; Event enforces them.
                        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** A streaming parser over UTF-8 bytes with the same strictness as {@link #MAPPER}. */
    public static JsonParser parser(byte[] utf8) throws java.io.IOException {
        return MAPPER.createParser(utf8);
    }

    /** A caller's map, POJO or other object as a JSON tree; doubles and floats stay binary (see CONVERTER). */
    public static JsonNode tree(Object value) {
        return CONVERTER.valueToTree(value);
    }
}
