package dev.chainlog.chain;

import com.fasterxml.jackson.databind.JsonNode;
import org.erdtman.jcs.NumberToJSON;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Encoding rule 2, the canonical spelling of caller data, in every value chainlog writes (docs/FORMAT.md §1): the
 * same logical event always gives the same bytes, whatever order the caller's maps iterate in and however its
 * numbers were typed. It is RFC 8785 (JSON Canonicalization Scheme, JCS) with one lossless extension for numbers.
 *
 * <ul>
 *   <li><b>Strings</b> (kind, source, reqId, uuid, meta names and values, payload names and strings) are escaped
 *       exactly as JCS and ECMAScript {@code JSON.stringify} escape them: {@code \"}, {@code \\}, {@code \b \t \n
 *       \f \r}, every other character below U+0020 as <code>&#92;u00xx</code> with lowercase hex digits; everything else is
 *       raw UTF-8 (an emoji is its four bytes, never <code>&#92;ud83d&#92;ude00</code>). An unpaired surrogate has no UTF-8 form
 *       and is refused (callers refuse it first: TextRules).</li>
 *   <li><b>Objects</b> (the payload at every level, and meta) list their members sorted by name in UTF-16 code
 *       units ({@link String#compareTo}, as JCS sorts); arrays keep their order; {@code true}, {@code false},
 *       {@code null} as they are; no whitespace anywhere.</li>
 *   <li><b>Numbers.</b> Let v be the number's exact decimal value: a {@code double} counts as the decimal its
 *       shortest ECMAScript rendering denotes (as JCS treats it), a {@code float} as the double it widens to, taken
 *       the same way ({@code 0.1f} is {@code 0.10000000149011612} on every JDK, where {@code Float.toString}
 *       changed in JDK 19), ints, longs, BigIntegers, BigDecimals and JSON text numbers as
 *       their exact value. If the JCS rendering of {@code double(v)} denotes exactly v, that rendering is written
 *       (so a payload of ordinary numbers is byte for byte what JCS writes); otherwise v itself, so that no number
 *       is ever rounded (a long above 2^53, 1e400, 40 significant digits), in the same ECMAScript
 *       {@code Number.prototype.toString} layout. With v = s &times; 10^(n-k), s the k digits of |v| without
 *       trailing zeros: {@code k <= n <= 21} the digits and n-k zeros; {@code 0 < n <= 21} the first n digits, a
 *       point, the rest; {@code -6 < n <= 0} {@code 0.}, -n zeros, the digits; otherwise the first digit, a point
 *       and the rest when k &gt; 1, {@code e}, the sign of n-1 ({@code +} or {@code -}) and |n-1|. A minus sign
 *       leads a negative v; zero, {@code -0} included, is {@code 0}. Numerically equal inputs therefore give equal
 *       bytes: 2.50 and 2.5 are {@code 2.5}, 1E+2 and 100 are {@code 100}, 1e400 is {@code 1e+400},
 *       12345678901234567890 stays {@code 12345678901234567890}. NaN and infinities are not JSON: refused.</li>
 * </ul>
 *
 * <p>How numbers are computed: the layout is a function of the decimal value alone, so the JCS rendering of
 * {@code double(v)}, whenever it denotes v, is v's digits in that layout. Both branches of the rule are therefore
 * "v in the layout": a double is written as JCS renders it ({@link NumberToJSON}), every other number by
 * {@link #layout} on its exact value (CanonicalJsonTest checks the two against each other).
 *
 * <p>Instances are the writer: a growable byte buffer that appends canonical pieces, used by {@link EntryCodec}
 * to build the pre-encoded parts of an event on the caller's thread. Not thread-safe; the static methods are.
 */
public final class CanonicalJson {
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private byte[] buf;
    private int size;

    CanonicalJson(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** The canonical text of a payload object. The tree must be plain JSON (Event refuses anything else first). */
    public static byte[] payload(JsonNode object) {
        if (!object.isObject()) {
            throw new IllegalArgumentException("a payload is a JSON object, not " + object.getNodeType());
        }
        return new CanonicalJson(64).value(object).toByteArray();
    }

    /**
     * The canonical text of a payload a caller gives as a {@link Map}, written in one pass without building a JSON
     * tree: the fast path of {@code Event.Builder.payload}. It covers the plain Java values — String keys; values that
     * are Strings, Booleans, null, Integer/Long/Short/Byte, Double/Float, BigInteger/BigDecimal, and Maps and Lists of
     * them — and writes exactly the bytes {@link #payload(JsonNode)} writes for the caller's map converted to a tree
     * ({@link Json#tree}), which CanonicalJsonTest checks on random payloads.
     *
     * <p>Returns null — the caller then takes the general path through a tree, which gives the same bytes or the
     * precise refusal — for anything else: another value type (a POJO, a {@code JsonNode}, an array, a {@code
     * Character}), a key that is not a String, and every value the general path refuses (an unpaired surrogate, a
     * member name over {@code maxNameChars}, NaN or an infinity, a number over {@code maxNumberChars} as stored,
     * nesting deeper than {@code maxDepth}, counting the payload object as 1).
     */
    public static byte[] plainPayload(Map<?, ?> payload, int maxDepth, int maxNameChars, int maxNumberChars) {
        CanonicalJson out = new CanonicalJson(128);
        try {
            return out.plainObject(payload, 1, maxDepth, maxNameChars, maxNumberChars) ? out.toByteArray() : null;
        } catch (IllegalArgumentException e) { // an unpaired surrogate: the general path names where
            return null;
        }
    }

    private boolean plainObject(Map<?, ?> map, int depth, int maxDepth, int maxNameChars, int maxNumberChars) {
        if (depth > maxDepth) {
            return false;
        }
        int n = map.size();
        String[] names = new String[n];
        int i = 0;
        for (Object key : map.keySet()) {
            if (!(key instanceof String name) || name.length() > maxNameChars || i == n) {
                return false; // i == n: the map grew while we read it
            }
            names[i++] = name;
        }
        if (i != n) {
            return false;
        }
        Arrays.sort(names);
        raw('{');
        for (i = 0; i < n; i++) {
            if (i > 0) {
                raw(',');
            }
            string(names[i]).raw(':');
            if (!plainValue(map.get(names[i]), depth + 1, maxDepth, maxNameChars, maxNumberChars)) {
                return false;
            }
        }
        raw('}');
        return true;
    }

    private boolean plainValue(Object v, int depth, int maxDepth, int maxNameChars, int maxNumberChars) {
        if (depth > maxDepth) {
            return false;
        }
        if (v instanceof String text) {
            string(text);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            decimal(((Number) v).longValue());
        } else if (v instanceof Boolean b) {
            raw(b ? TRUE : FALSE);
        } else if (v == null) {
            raw(NULL);
        } else if (v instanceof Map<?, ?> m) {
            return plainObject(m, depth, maxDepth, maxNameChars, maxNumberChars);
        } else if (v instanceof List<?> list) {
            raw('[');
            int i = 0;
            for (Object item : list) {
                if (i++ > 0) {
                    raw(',');
                }
                if (!plainValue(item, depth + 1, maxDepth, maxNameChars, maxNumberChars)) {
                    return false;
                }
            }
            raw(']');
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue(); // a float widens exactly, as the class comment says
            if (!Double.isFinite(d)) {
                return false;
            }
            raw(jcs(d).getBytes(StandardCharsets.US_ASCII));
        } else if (v instanceof java.math.BigInteger || v instanceof BigDecimal) {
            String spelled = layout(v instanceof BigDecimal bd ? bd : new BigDecimal((java.math.BigInteger) v));
            if (spelled.length() > maxNumberChars) {
                return false;
            }
            raw(spelled.getBytes(StandardCharsets.US_ASCII));
        } else {
            return false;
        }
        return true;
    }

    /** Appends a long in decimal (the canonical spelling of every int and long). */
    private void decimal(long n) {
        if (n == Long.MIN_VALUE) {
            raw(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        ensure(20);
        if (n < 0) {
            buf[size++] = '-';
            n = -n;
        }
        int digits = 1;
        for (long m = n; m >= 10; m /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        size += digits;
    }

    /** The canonical spelling of one number node (see the class comment). */
    public static String number(JsonNode number) {
        return switch (number.numberType()) {
            // Below 10^21 the layout of an integer is its plain decimal: the rule's answer for every int and long.
            case INT, LONG -> Long.toString(number.longValue());
            case DOUBLE -> jcs(number.doubleValue());
            case FLOAT -> jcs(number.floatValue()); // widened exactly to a double
            case BIG_INTEGER -> layout(new BigDecimal(number.bigIntegerValue()));
            case BIG_DECIMAL -> layout(number.decimalValue());
        };
    }

    /** An exact decimal in the ECMAScript {@code Number.prototype.toString} layout (the class comment states it). */
    static String layout(BigDecimal v) {
        if (v.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = v.stripTrailingZeros();
        String digits = stripped.unscaledValue().abs().toString();
        int k = digits.length();
        long n = k - (long) stripped.scale();
        StringBuilder s = new StringBuilder(k + 24);
        if (v.signum() < 0) {
            s.append('-');
        }
        if (k <= n && n <= 21) {
            s.append(digits).append("0".repeat((int) (n - k)));
        } else if (0 < n && n <= 21) {
            s.append(digits, 0, (int) n).append('.').append(digits, (int) n, k);
        } else if (-6 < n && n <= 0) {
            s.append("0.").append("0".repeat((int) -n)).append(digits);
        } else {
            s.append(digits.charAt(0));
            if (k > 1) {
                s.append('.').append(digits, 1, k);
            }
            s.append('e').append(n - 1 < 0 ? '-' : '+').append(Math.abs(n - 1));
        }
        return s.toString();
    }

    private static String jcs(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(d + " is not a JSON number");
        }
        try {
            return NumberToJSON.serializeNumber(d);
        } catch (IOException e) {
            throw new IllegalStateException("JCS cannot render the finite double " + d, e);
        }
    }

    // ------------------------------------------------------------------ the writer

    /** Appends bytes as they are (pre-encoded ASCII syntax, or canonical text written earlier). */
    CanonicalJson raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    CanonicalJson raw(char ascii) {
        ensure(1);
        buf[size++] = (byte) ascii;
        return this;
    }

    /** Appends a JSON string: quotes, the escapes of the class comment, raw UTF-8 for everything else. */
    CanonicalJson string(String s) {
        raw('"');
        for (int i = 0, length = s.length(); i < length; i++) {
            ensure(6); // the longest form of one char: a six-byte escape
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    buf[size++] = '\\';
                }
                buf[size++] = (byte) c;
            } else if (c < 0x20) {
                escapeControl(c);
            } else if (c < 0x800) {
                buf[size++] = (byte) (0xC0 | c >> 6);
                buf[size++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                buf[size++] = (byte) (0xE0 | c >> 12);
                buf[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[size++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[size++] = (byte) (0xF0 | cp >> 18);
                buf[size++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[size++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[size++] = (byte) (0x80 | cp & 0x3F);
            } else {
                throw new IllegalArgumentException("an unpaired surrogate at index " + i + " has no UTF-8 form");
            }
        }
        return raw('"');
    }

    private void escapeControl(char c) {
        buf[size++] = '\\';
        switch (c) {
            case '\b' -> buf[size++] = 'b';
            case '\t' -> buf[size++] = 't';
            case '\n' -> buf[size++] = 'n';
            case '\f' -> buf[size++] = 'f';
            case '\r' -> buf[size++] = 'r';
            default -> {
                buf[size++] = 'u';
                buf[size++] = '0';
                buf[size++] = '0';
                buf[size++] = HEX[c >> 4];
                buf[size++] = HEX[c & 0xF];
            }
        }
    }

    /** Appends an object of strings (meta), members sorted by name. */
    CanonicalJson members(Map<String, String> members) {
        String[] names = members.keySet().toArray(new String[0]);
        Arrays.sort(names);
        raw('{');
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                raw(',');
            }
            string(names[i]).raw(':').string(members.get(names[i]));
        }
        return raw('}');
    }

    /** Appends any plain JSON value: objects with sorted members at every level, arrays in order. */
    CanonicalJson value(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
                members.sort(Map.Entry.comparingByKey());
                raw('{');
                for (int i = 0; i < members.size(); i++) {
                    if (i > 0) {
                        raw(',');
                    }
                    string(members.get(i).getKey()).raw(':').value(members.get(i).getValue());
                }
                raw('}');
            }
            case ARRAY -> {
                raw('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        raw(',');
                    }
                    value(node.get(i));
                }
                raw(']');
            }
            case STRING -> string(node.textValue());
            case NUMBER -> raw(number(node).getBytes(StandardCharsets.US_ASCII));
            case BOOLEAN -> raw(node.booleanValue() ? TRUE : FALSE);
            case NULL -> raw(NULL);
            default -> throw new IllegalArgumentException("not plain JSON: " + node.getNodeType());
        }
        return this;
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * buf.length, (long) size + more)));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
