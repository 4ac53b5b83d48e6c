package dev.chainlog.chain;

import dev.chainlog.api.Event;
import org.erdtman.jcs.JsonCanonicalizer;
import org.erdtman.jcs.NumberToJSON;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encoding rule 2 against an independent RFC 8785 implementation (the JCS reference canonicalizer for Java, which
 * parses the JSON text itself): for generated payloads — nested maps and lists, Unicode with emoji and control
 * characters, doubles at their edges — the payload chainlog stores is byte for byte what JCS makes of Jackson's text
 * of the same payload with its members in any order. The canonicalizer reads every number as a double, so the
 * payloads hold only numbers a double represents exactly (doubles, and integers within 2^53). Independent for
 * structure, strings and member order; for a double's digits both use the same library (NumberToJSON), which
 * CanonicalJsonTest checks against RFC 8785's own number samples (Appendix B).
 */
class JcsInteropTest {
    private static final double[] EDGES = {5e-324, -5e-324, 1e21, 1e-7, 1e-6, 0.1, -0.0, 0.0, 9007199254740993.0,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 1e23, 999999999999999900000.0, 333333333.3333332,
            -0.0000033333333333333333, 1424953923781206.2, 295147905179352830000.0, 1.0, -1.5, 100.0, 1e300, 2.5e-8};

    private static final String LETTERS = "é€ö\u0080\u2028\u2029\uFB33\uFF61日本";

    private final Random r = new Random(8785);
    /** Whether every double of the payload being generated reads back from Jackson's text as the same decimal. */
    private boolean textIsExact;

    @Test
    void chainlogsPayloadBytesAreWhatJcsMakesOfTheSamePayload() throws IOException {
        int viaText = 0;
        for (int i = 0; i < 2000; i++) {
            textIsExact = true;
            Map<String, Object> payload = object(4);
            byte[] stored = Event.of("k", payload).payloadJson().getBytes(StandardCharsets.UTF_8);
            String jackson = Json.MAPPER.writeValueAsString(shuffled(payload));
            byte[] jcs = new JsonCanonicalizer(jackson).getEncodedUTF8();
            assertEquals(new String(jcs, StandardCharsets.UTF_8), new String(stored, StandardCharsets.UTF_8), jackson);
            if (textIsExact) {
                // Given as JSON text, numbers are exact decimals: equal to the doubles only when Double.toString
                // wrote the shortest rendering (on Java 17 not for 5e-324 or 1e23, for instance).
                assertEquals(new String(jcs, StandardCharsets.UTF_8),
                        Event.builder("k").payloadJson(jackson).build().payloadJson(), jackson);
                viaText++;
            }
        }
        assertTrue(viaText > 500, "enough payloads were also compared as JSON text: " + viaText);
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int n = r.nextInt(6); n > 0; n--) {
            m.put(text(), value(depth - 1));
        }
        return m;
    }

    private Object value(int depth) {
        switch (r.nextInt(depth > 0 ? 10 : 8)) {
            case 0, 1:
                return text();
            case 2: {
                double d = r.nextBoolean() ? EDGES[r.nextInt(EDGES.length)] : Double.longBitsToDouble(r.nextLong());
                return number(Double.isFinite(d) ? d : r.nextGaussian() * 1e6);
            }
            case 3:
                return r.nextInt(2001) - 1000;
            case 4:
                return r.nextLong() >> 11; // within +-2^53
            case 5:
                return r.nextBoolean();
            case 6:
                return null;
            case 7:
                return number(Math.round(r.nextGaussian() * 1e4) / 100.0);
            case 8:
                return object(depth);
            default: {
                List<Object> l = new ArrayList<>();
                for (int n = r.nextInt(4); n > 0; n--) {
                    l.add(value(depth - 1));
                }
                return l;
            }
        }
    }

    private double number(double d) {
        textIsExact &= new BigDecimal(Double.toString(d)).compareTo(new BigDecimal(jcs(d))) == 0;
        return d;
    }

    /** Text mixing ASCII, JSON's special characters, every control character, BMP letters and emoji. */
    private String text() {
        StringBuilder s = new StringBuilder();
        for (int n = r.nextInt(7); n > 0; n--) {
            switch (r.nextInt(8)) {
                case 0 -> s.append((char) r.nextInt(0x20));
                case 1 -> s.append("\"\\/\u007f".charAt(r.nextInt(4)));
                case 2 -> s.append(LETTERS.charAt(r.nextInt(LETTERS.length())));
                case 3 -> s.appendCodePoint(0x1F300 + r.nextInt(0x300));
                case 4 -> s.appendCodePoint(0x10000 + r.nextInt(0xFFFFF));
                case 5 -> {
                    char c = (char) (0x100 + r.nextInt(0xFF00));
                    s.append(Character.isSurrogate(c) ? 'x' : c);
                }
                default -> s.append((char) ('a' + r.nextInt(26)));
            }
        }
        return s.toString();
    }

    /** The same value with every object's members in a random order. */
    private Object shuffled(Object v) {
        if (v instanceof Map<?, ?> m) {
            List<Map.Entry<?, ?>> members = new ArrayList<>(m.entrySet());
            Collections.shuffle(members, r);
            Map<Object, Object> out = new LinkedHashMap<>();
            members.forEach(e -> out.put(e.getKey(), shuffled(e.getValue())));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(this::shuffled).toList();
        }
        return v;
    }

    private static String jcs(double d) {
        try {
            return NumberToJSON.serializeNumber(d);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMapOfIsStoredAlikeInEveryOrder() throws IOException {
        // The README's payload: Map.of iterates in an order that changes per JVM; the stored bytes do not.
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("user", "ada");
        ab.put("ok", true);
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("ok", true);
        ba.put("user", "ada");
        assertEquals("{\"ok\":true,\"user\":\"ada\"}", Event.of("k", Map.of("user", "ada", "ok", true)).payloadJson());
        assertEquals(Event.of("k", ab).payloadJson(), Event.of("k", ba).payloadJson());
        assertEquals(new JsonCanonicalizer(Json.MAPPER.writeValueAsString(ab)).getEncodedString(),
                Event.of("k", ba).payloadJson());
    }
}
