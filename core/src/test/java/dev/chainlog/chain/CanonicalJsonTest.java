package dev.chainlog.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import org.erdtman.jcs.NumberToJSON;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Encoding rule 2 from its definition (the class comment of {@link CanonicalJson}, docs/FORMAT.md §1): the JCS
 * escapes and member order, RFC 8785's own number samples, and the lossless extension for numbers a double cannot
 * hold. JcsInteropTest compares whole payloads with an independent JCS implementation.
 */
class CanonicalJsonTest {
    private static String string(String s) {
        return new String(new CanonicalJson(0).string(s).toByteArray(), StandardCharsets.UTF_8);
    }

    private static String payload(String json) throws IOException {
        return new String(CanonicalJson.payload(Json.MAPPER.readTree(json)), StandardCharsets.UTF_8);
    }

    private static String number(JsonNode n) {
        return CanonicalJson.number(n);
    }

    private static DecimalNode decimal(String text) {
        return DecimalNode.valueOf(new BigDecimal(text));
    }

    @Test
    void stringsAreEscapedAsJcsDoesAndEverythingElseIsRawUtf8() {
        assertEquals("\"\\\"\"", string("\""));
        assertEquals("\"\\\\\"", string("\\"));
        assertEquals("\"\\b\\t\\n\\f\\r\"", string("\b\t\n\f\r"));
        assertEquals("\"\\u0000\\u0001\\u000b\\u000e\\u001a\\u001f\"", string("\u0000\u0001\u000b\u000e\u001a\u001f"));
        assertEquals("\"/ \u007f\u0080\u2028\u2029\"", string("/ \u007f\u0080\u2028\u2029"), "not escaped");
        assertArrayEquals(new byte[] {'"', (byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x82, (byte) 0xAC, (byte) 0xF0,
                (byte) 0x9F, (byte) 0x98, (byte) 0x80, '"'}, new CanonicalJson(0).string("é€\uD83D\uDE00").toByteArray(),
                "é, € and an emoji as their UTF-8 bytes");
        assertEquals(",\"uuid\":\"a\\\"b\\u001f\uD83D\uDE00\"",
                new String(EntryCodec.stringField("uuid", "a\"b\u001f\uD83D\uDE00"), StandardCharsets.UTF_8));
    }

    @Test
    void anUnpairedSurrogateCannotBeWritten() {
        for (String bad : List.of("\uD800", "a\uDC00", "\uDC00\uD800", "x\uD83D")) {
            assertThrows(IllegalArgumentException.class, () -> new CanonicalJson(0).string(bad), bad);
        }
    }

    @Test
    void membersAreSortedByUtf16CodeUnitsAtEveryLevelAndArraysKeepTheirOrder() throws IOException {
        // RFC 8785 §3.2.3's example: U+1F600 (an emoji, surrogates D83D DE00) sorts before U+FB33 in UTF-16.
        assertEquals("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O"
                        + " With Diaeresis\",\"€\":\"Euro Sign\",\"\uD83D\uDE00\":\"Emoji: Grinning Face\",\"\uFB33\":"
                        + "\"Hebrew Letter Dalet With Dagesh\"}",
                payload("{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With "
                        + "Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                        + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}"));
        assertEquals("{\"\":0,\"B\":[3,{\"a\":1,\"b\":2},1],\"a\":{\"c\":{\"x\":null,\"y\":false},\"d\":true},\"aa\":\"s\"}",
                payload(" { \"aa\" : \"s\", \"a\" : {\"d\":true,\"c\":{\"y\":false,\"x\":null}},\n \"B\":[3,{\"b\":2,\"a\":1},1],"
                        + "\"\":0 }"));
        assertEquals("{\"adapter\":\"a\",\"world_id\":\"w1\"}", new String(new CanonicalJson(0)
                .members(Map.of("world_id", "w1", "adapter", "a")).toByteArray(), StandardCharsets.UTF_8));
    }

    /** RFC 8785 Appendix B: IEEE-754 bit patterns and their serialization. */
    @ParameterizedTest
    @CsvSource({
            "0000000000000000, 0", "8000000000000000, 0", "0000000000000001, 5e-324", "8000000000000001, -5e-324",
            "7fefffffffffffff, 1.7976931348623157e+308", "ffefffffffffffff, -1.7976931348623157e+308",
            "4340000000000000, 9007199254740992", "c340000000000000, -9007199254740992",
            "4430000000000000, 295147905179352830000", "44b52d02c7e14af5, 9.999999999999997e+22",
            "44b52d02c7e14af6, 1e+23", "44b52d02c7e14af7, 1.0000000000000001e+23",
            "444b1ae4d6e2ef4e, 999999999999999700000", "444b1ae4d6e2ef4f, 999999999999999900000",
            "444b1ae4d6e2ef50, 1e+21", "3eb0c6f7a0b5ed8c, 9.999999999999997e-7", "3eb0c6f7a0b5ed8d, 0.000001",
            "41b3de4355555553, 333333333.3333332", "41b3de4355555554, 333333333.33333325",
            "41b3de4355555555, 333333333.3333333", "41b3de4355555556, 333333333.3333334",
            "41b3de4355555557, 333333333.33333343", "becbf647612f3696, -0.0000033333333333333333",
            "43143ff3c1cb0959, 1424953923781206.2"})
    void rfc8785AppendixBNumbers(String bits, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertEquals(expected, number(DoubleNode.valueOf(d)));
        // The same value as an exact decimal (JSON text, a BigDecimal) is spelled the same.
        assertEquals(expected, number(decimal(expected)));
    }

    @Test
    void nanAndInfinityAreNotJsonNumbers() {
        for (String bits : List.of("7fffffffffffffff", "7ff0000000000000", "fff0000000000000")) {
            double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
            assertThrows(IllegalArgumentException.class, () -> number(DoubleNode.valueOf(d)), bits);
        }
    }

    @Test
    void numbersADoubleCannotHoldKeepTheirExactValue() {
        assertEquals("9223372036854775807", number(LongNode.valueOf(Long.MAX_VALUE)));
        assertEquals("-9223372036854775808", number(LongNode.valueOf(Long.MIN_VALUE)));
        assertEquals("9007199254740993", number(LongNode.valueOf(9007199254740993L)), "2^53 + 1 as a long");
        assertEquals("9007199254740992", number(DoubleNode.valueOf(9007199254740993.0)), "the double nearest it");
        assertEquals("12345678901234567890", number(BigIntegerNode.valueOf(new BigInteger("12345678901234567890"))));
        assertEquals("1e+21", number(BigIntegerNode.valueOf(BigInteger.TEN.pow(21))));
        assertEquals("1.000000000000000000001e+21", number(BigIntegerNode.valueOf(BigInteger.TEN.pow(21).add(BigInteger.ONE))));
        assertEquals("999999999999999999999", number(BigIntegerNode.valueOf(BigInteger.TEN.pow(21).subtract(BigInteger.ONE))));
        assertEquals("1e+400", number(decimal("1e400")));
        assertEquals("-1.5e+400", number(decimal("-15E399")));
        assertEquals("1e-400", number(decimal("1e-400")), "underflows a double");
        assertEquals("4.9e-324", number(decimal("4.9E-324")), "the decimal written, not the double it rounds to");
        assertEquals("5e-324", number(DoubleNode.valueOf(4.9E-324)), "a double is its shortest rendering");
        assertEquals("0.10000000000000000555", number(decimal("0.10000000000000000555")));
        assertEquals("1.234567890123456789012345678905e+29", number(decimal("123456789012345678901234567890.5")));
        assertEquals("0.10000000149011612", number(FloatNode.valueOf(0.1f)), "a float is its exact value, as a double");
        assertEquals("16777216", number(FloatNode.valueOf(16777217f)));
        assertEquals("1e+2147483648", number(DecimalNode.valueOf(new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE))));
        assertEquals("1e-2147483647", number(DecimalNode.valueOf(new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE))));
    }

    @Test
    void numericallyEqualInputsGiveEqualBytes() {
        for (JsonNode n : List.of(decimal("2.50"), decimal("2.5"), decimal("25E-1"), DoubleNode.valueOf(2.5),
                FloatNode.valueOf(2.5f), decimal("2.500000000000000000000"))) {
            assertEquals("2.5", number(n), n.toString());
        }
        for (JsonNode n : List.of(IntNode.valueOf(100), LongNode.valueOf(100), BigIntegerNode.valueOf(BigInteger.valueOf(100)),
                decimal("1E+2"), decimal("100.000"), DoubleNode.valueOf(100.0))) {
            assertEquals("100", number(n), n.toString());
        }
        for (JsonNode n : List.of(IntNode.valueOf(0), DoubleNode.valueOf(-0.0), decimal("-0.000"), decimal("0E+5"),
                FloatNode.valueOf(-0.0f))) {
            assertEquals("0", number(n), n.toString());
        }
        assertEquals("0.000001", number(decimal("1E-6")));
        assertEquals("1e-7", number(decimal("0.00000010")));
        assertEquals("123.45", number(decimal("12345e-2")));
    }

    /**
     * The rule says: the JCS rendering of double(v) when it denotes v, else v in the ECMAScript layout. The code
     * computes the layout of v directly (and renders doubles with JCS). Both agree for every value.
     */
    @Test
    void theCodeComputesExactlyWhatTheRuleSays() throws IOException {
        Random r = new Random(8785);
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(r.nextLong());
            if (!Double.isFinite(d)) {
                continue;
            }
            String jcs = NumberToJSON.serializeNumber(d);
            assertEquals(jcs, CanonicalJson.layout(new BigDecimal(jcs)), "the layout of a rendering is the rendering");
            BigDecimal v = new BigDecimal(new BigInteger(1 + r.nextInt(70), r).subtract(BigInteger.TEN.pow(10)),
                    r.nextInt(80) - 40);
            assertEquals(byTheRule(v), number(DecimalNode.valueOf(v)), v.toString());
            BigDecimal exactDouble = new BigDecimal(d); // every binary digit of d: not its shortest rendering
            assertEquals(byTheRule(exactDouble), number(DecimalNode.valueOf(exactDouble)), exactDouble.toString());
        }
    }

    private static String byTheRule(BigDecimal v) throws IOException {
        double d = v.doubleValue();
        if (Double.isFinite(d)) {
            String rendering = NumberToJSON.serializeNumber(d);
            if (new BigDecimal(rendering).compareTo(v) == 0) {
                return rendering;
            }
        }
        return CanonicalJson.layout(v);
    }

    /** Decoding canonical text and encoding it again gives the same bytes (what sameEvent and import rely on). */
    @Test
    void canonicalTextReencodesToItself() throws IOException {
        String text = payload("{\"z\":[1.0E-7,-0.0,4.9E-324,1e400,12345678901234567890,2.50,{\"b\":\"\\u001F\\ud83d\\ude00\","
                + "\"a\":\"\u2028\"}],\"y\":1E+2,\"x\":9007199254740993}");
        assertEquals("{\"x\":9007199254740993,\"y\":100,\"z\":[1e-7,0,4.9e-324,1e+400,12345678901234567890,2.5,"
                + "{\"a\":\"\u2028\",\"b\":\"\\u001f\uD83D\uDE00\"}]}", text);
        assertEquals(text, payload(text));
    }

    /**
     * The one-pass encoding of a map payload writes exactly what the tree path writes for the same map, on random
     * payloads of every plain type (nested maps and lists, unicode and control characters, ints to BigDecimals,
     * doubles and floats from random bits).
     */
    @Test
    void aMapIsEncodedInOnePassExactlyAsThroughATree() {
        Random r = new Random(16);
        for (int i = 0; i < 5_000; i++) {
            Map<String, Object> map = randomMap(r, 1);
            byte[] viaTree = CanonicalJson.payload(Json.tree(map));
            byte[] onePass = CanonicalJson.plainPayload(map, 256, 50_000, 1_000);
            assertNotNull(onePass, map::toString);
            assertEquals(new String(viaTree, StandardCharsets.UTF_8), new String(onePass, StandardCharsets.UTF_8),
                    map::toString);
        }
    }

    /** What the one-pass encoding declines goes the tree path, which gives the bytes or the precise refusal. */
    @Test
    void theOnePassEncodingDeclinesWhatItDoesNotCover() {
        java.util.function.Function<Object, byte[]> plain = v ->
                CanonicalJson.plainPayload(java.util.Collections.singletonMap("k", v), 3, 8, 20);
        assertNotNull(plain.apply(java.util.List.of(1, "a", java.util.Map.of())));
        assertNull(plain.apply(Double.NaN));
        assertNull(plain.apply(Float.POSITIVE_INFINITY));
        assertNull(plain.apply("\ud800 unpaired"));
        assertNull(plain.apply(new BigInteger("1".repeat(21))), "over maxNumberChars as stored");
        assertNull(plain.apply(java.util.Map.of("a", java.util.Map.of("b", 1))), "deeper than maxDepth");
        assertNull(plain.apply(java.util.List.of(java.util.List.of(1))), "deeper than maxDepth");
        assertNull(plain.apply(java.util.Map.of("123456789", 1)), "a name over maxNameChars");
        assertNull(plain.apply(new int[] {1}), "an array");
        assertNull(plain.apply('c'), "a Character");
        assertNull(plain.apply(new java.util.concurrent.atomic.AtomicLong(1)), "another Number");
        assertNull(CanonicalJson.plainPayload(java.util.Map.of(1, "x"), 3, 8, 20), "a key that is not a String");
    }

    private static Map<String, Object> randomMap(Random r, int depth) {
        Map<String, Object> m = new java.util.HashMap<>();
        int n = r.nextInt(depth == 1 ? 6 : 4);
        for (int i = 0; i < n; i++) {
            m.put(randomText(r), randomValue(r, depth + 1));
        }
        return m;
    }

    private static Object randomValue(Random r, int depth) {
        int pick = r.nextInt(depth > 4 ? 12 : 14);
        return switch (pick) {
            case 0 -> randomText(r);
            case 1 -> r.nextInt();
            case 2 -> r.nextLong();
            case 3 -> (short) r.nextInt();
            case 4 -> (byte) r.nextInt();
            case 5 -> r.nextBoolean();
            case 6 -> null;
            case 7 -> finite(Double.longBitsToDouble(r.nextLong()), r.nextDouble());
            case 8 -> (float) finite(Float.intBitsToFloat(r.nextInt()), r.nextFloat());
            case 9 -> new BigInteger(1 + r.nextInt(90), r).negate();
            case 10 -> new BigDecimal(new BigInteger(1 + r.nextInt(60), r), r.nextInt(60) - 30);
            case 11 -> r.nextInt(100) / 4.0;
            case 12 -> randomMap(r, depth);
            default -> {
                java.util.List<Object> list = new java.util.ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    list.add(randomValue(r, depth + 1));
                }
                yield list;
            }
        };
    }

    private static double finite(double d, double otherwise) {
        return Double.isFinite(d) ? d : otherwise;
    }

    private static String randomText(Random r) {
        String alphabet = "abcXYZ09 \"\\/\b\f\n\r\t\u0000\u001f\u007f\u00e9\u2028\u20ac\ud83d\ude00";
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(8); i > 0; i--) {
            int k = r.nextInt(alphabet.length() - 1);
            char c = alphabet.charAt(k);
            if (Character.isHighSurrogate(c)) {
                b.append(c).append(alphabet.charAt(k + 1));
            } else if (!Character.isLowSurrogate(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
