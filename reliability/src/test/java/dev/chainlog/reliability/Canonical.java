package dev.chainlog.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.erdtman.jcs.NumberToJSON;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The oracle's own writer of encoding rule 2, from docs/FORMAT.md §1a and not from chainlog's code, so that the fuzz
 * tests judge what chainlog stores against the documented rule: the exact bytes of every caller field, the payload
 * and meta sizes the limits apply to, and the stored spelling the number limit applies to. Doubles are rendered by
 * the JCS reference implementation; every other number by the rule's lossless extension, computed another way
 * than chainlog computes it.
 */
final class Canonical {
    /** Converts Java values to a tree keeping every number's type (doubles stay doubles, floats floats). */
    private static final ObjectMapper TYPES = new ObjectMapper();
    /** Reads JSON text keeping every number as the exact decimal it spells. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private Canonical() {
    }

    /** The payload a caller's map (or null: {}) is stored as. */
    static String payload(Map<?, ?> input) {
        return input == null ? "{}" : json(TYPES.valueToTree(input));
    }

    /** The payload JSON text is stored as. */
    static String text(String json) throws IOException {
        return json(EXACT.readTree(json));
    }

    /** {@code ,"meta":{..}} as stored, or "" for no meta. */
    static String metaField(Map<String, String> meta) {
        if (meta.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(",\"meta\":{");
        new TreeMap<>(meta).forEach((k, v) -> s.append(s.charAt(s.length() - 1) == '{' ? "" : ",")
                .append(string(k)).append(':').append(string(v)));
        return s.append('}').toString();
    }

    /** {@code ,"name":"value"} as stored, or "" when value is null. */
    static String field(String name, String value) {
        return value == null ? "" : ",\"" + name + "\":" + string(value);
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Any JSON value: object members sorted by name ({@link String#compareTo}: UTF-16 code units). */
    static String json(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            StringBuilder s = new StringBuilder("{");
            sorted.forEach((k, v) -> s.append(s.length() > 1 ? "," : "").append(string(k)).append(':').append(json(v)));
            return s.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder s = new StringBuilder("[");
            node.forEach(v -> s.append(s.length() > 1 ? "," : "").append(json(v)));
            return s.append(']').toString();
        }
        if (node.isTextual()) {
            return string(node.textValue());
        }
        if (node.isNumber()) {
            return number(node);
        }
        return node.toString(); // true, false, null
    }

    /** JCS escapes: \" \\ \b \t \n \f \r, other controls as a lowercase-hex six-char escape, the rest as it is. */
    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    /** A number node as stored: JCS for a double, else by the exact value (FORMAT.md §1a). */
    static String number(JsonNode n) {
        if (n.isDouble() || n.isFloat()) {
            return jcs(n.doubleValue()); // a float is the double it widens to
        }
        return exact(n.decimalValue());
    }

    static String number(BigInteger n) {
        return exact(new BigDecimal(n));
    }

    static String number(BigDecimal n) {
        return exact(n);
    }

    /** The rule as written: JCS's rendering of double(v) when it denotes v, else v's own digits in that layout. */
    private static String exact(BigDecimal v) {
        double d = v.doubleValue();
        if (Double.isFinite(d) && new BigDecimal(jcs(d)).compareTo(v) == 0) {
            return jcs(d);
        }
        if (v.signum() < 0) {
            return "-" + exact(v.negate());
        }
        BigDecimal s = v.stripTrailingZeros();
        String digits = s.unscaledValue().toString();
        long n = digits.length() - (long) s.scale(); // v = 0.digits x 10^n
        if (-6 < n && n <= 21) {
            return s.toPlainString(); // ddd000, ddd.ddd or 0.000ddd
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + (n - 1 < 0 ? "-" : "+") + Math.abs(n - 1);
    }

    private static String jcs(double d) {
        try {
            return NumberToJSON.serializeNumber(d);
        } catch (IOException e) {
            throw new IllegalArgumentException(d + " has no JSON form", e);
        }
    }
}
