package dev.chainlog.chain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration chainlog reads and writes JSON with.
 *
 * <p>Why these settings: a stored value is hashed as bytes, so it must mean exactly one thing. Duplicate keys
 * are rejected (two readers could pick different values), and decimal numbers are kept as {@code BigDecimal} so
 * that {@code 2.50} or {@code 1e400} survive a decode without rounding or turning into {@code Infinity}.
 */
public final class Json {
    /** Thread-safe once configured; shared by every log in the JVM. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // maxPayloadBytes (configurable) bounds string sizes, not Jackson's 20M-char default: an entry
                    // the log accepted must always decode. Number and name limits stay; Event enforces them.
                    .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }

    /** A streaming parser over UTF-8 bytes with the same strictness as {@link #MAPPER}. */
    public static JsonParser parser(byte[] utf8) throws java.io.IOException {
        return MAPPER.createParser(utf8);
    }
}
