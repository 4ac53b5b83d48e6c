package dev.chainlog.chain;

import dev.chainlog.verify.ExportVerifier;
import dev.chainlog.api.Event;
import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test vectors (docs/FORMAT.md §4), each a three-entry export and the hash of each line: {@code three-entries}
 * (shared with the team, copied from ../shared/vectors) is in encoding rule 1, {@code canonical-entries} in rule 2.
 * Decoding and verifying either must reproduce its hashes and head; any changed byte must be refused; and each
 * rule's encoder must write exactly the lines of its vector for their fields.
 */
class FormatVectorTest {
    private static final String LEGACY = "three-entries";
    private static final String CANONICAL = "canonical-entries";

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FormatVectorTest.class.getResourceAsStream("/vectors/" + name)) {
            return in.readAllBytes();
        }
    }

    private static List<byte[]> lines(String vector) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (String line : new String(resource(vector + ".jsonl"), StandardCharsets.UTF_8).split("\n")) {
            lines.add(line.getBytes(StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static Map<Long, String> expectedHashes(String vector) throws IOException {
        Map<Long, String> m = new LinkedHashMap<>();
        for (String line : new String(resource(vector + ".hashes"), StandardCharsets.US_ASCII).split("\n")) {
            String[] parts = line.trim().split(" ");
            m.put(Long.parseLong(parts[0]), parts[1]);
        }
        return m;
    }

    private static Head head(String vector) throws IOException {
        return new Head(3, expectedHashes(vector).get(3L));
    }

    @ParameterizedTest
    @ValueSource(strings = {LEGACY, CANONICAL})
    void theVectorVerifiesAndReproducesItsHashesAndHead(String vector) throws IOException {
        List<ExportVerifier.Line> lines = new ArrayList<>();
        IntegrityReport r = new ExportVerifier(1 << 20).verify(new ByteArrayInputStream(resource(vector + ".jsonl")),
                Hashes.zero(), head(vector), lines::add);
        assertTrue(r.ok(), r.summary());
        assertEquals(3, r.checked());
        assertEquals(head(vector), r.head());
        Map<Long, String> hashes = new LinkedHashMap<>();
        lines.forEach(l -> hashes.put(l.seq(), Hashes.hex(l.hash())));
        assertEquals(expectedHashes(vector), hashes);
    }

    @ParameterizedTest
    @ValueSource(strings = {LEGACY, CANONICAL})
    void everyChangedByteIsRefused(String vector) throws IOException {
        byte[] file = resource(vector + ".jsonl");
        Head head = head(vector);
        int refused = 0;
        for (int i = 0; i < file.length; i++) {
            for (byte replacement : new byte[] {'x', '0', ' ', '\n'}) {
                if (file[i] == replacement) {
                    continue;
                }
                byte[] damaged = file.clone();
                damaged[i] = replacement;
                IntegrityReport r = new ExportVerifier(1 << 20).verify(new ByteArrayInputStream(damaged), Hashes.zero(),
                        head, null);
                assertFalse(r.ok(), "byte " + i + " changed to '" + (char) replacement + "' went unnoticed");
                refused++;
            }
        }
        assertTrue(refused > 3 * file.length);
    }

    @Test
    void decodingTheVectorGivesItsFields() throws IOException {
        DecodedValue d = EntryCodec.decode(lines(LEGACY).get(0));
        assertEquals(1, d.seq());
        assertEquals("0".repeat(64), d.prev());
        assertEquals(1764043200001000L, d.ts());
        assertEquals("user.login", d.kind());
        assertEquals("auth", d.source());
        assertEquals("r-1", d.reqId());
        assertEquals("0b7c2d1e-0000-4000-8000-000000000001", d.uuid());
        assertEquals(Map.of("world_id", "w1"), d.meta());
        assertEquals("{\"user\":\"ada\",\"ok\":true}", d.payload().toString());
    }

    @Test
    void theRule1EncoderWritesTheLegacyVectorByteForByte() throws IOException {
        for (byte[] line : lines(LEGACY)) {
            DecodedValue d = EntryCodec.decode(line);
            assertBytes(line, LegacyJson.value(d, line));
            assertFalse(Arrays.equals(line, canonical(d)), "seq " + d.seq() + " is spelled differently under rule 2");
        }
    }

    @Test
    void theRule2EncoderWritesTheCanonicalVectorByteForByteFromItsDecodedFields() throws IOException {
        for (byte[] line : lines(CANONICAL)) {
            DecodedValue d = EntryCodec.decode(line);
            assertBytes(line, canonical(d));
            // Line 1 is ASCII given in sorted order, which both rules spell alike; the others are not.
            assertEquals(d.seq() == 1, Arrays.equals(line, LegacyJson.value(d, line)), "seq " + d.seq() + " under rule 1");
        }
    }

    /** The same bytes from the Java values a caller passes, given in an order that is not the sorted one. */
    @Test
    void eventsBuiltFromJavaValuesAreTheCanonicalVectorByteForByte() throws IOException {
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("user", "ada");
        login.put("ok", true);
        Event first = Event.builder("user.login").source("auth").uuid("0b7c2d1e-0000-4000-8000-000000000101")
                .meta("world_id", "w1").meta("adapter", "ü").payload(login).build();

        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("y", "\"q\"\\");
        inner.put("x", null);
        Map<String, Object> z = new LinkedHashMap<>();
        z.put("b", List.of(1, inner));
        z.put("a", "é\u2028");
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("z", z);
        text.put("emoji", "\uD83D\uDE00");
        text.put("ctl", "\u0000\b\u007f");
        Event second = Event.builder("grüße \uD83D\uDE00").source("日本").uuid("0b7c2d1e-0000-4000-8000-000000000102")
                .meta("tab", "a\tb").meta("ctl", "\u0001\u001f").payload(text).build();

        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("int", 42);
        numbers.put("long", 9007199254740993L);
        numbers.put("snowflake", 1234567890123456789L);
        numbers.put("double", 0.1);
        numbers.put("tiny", 5e-324);
        numbers.put("big", 1e21);
        numbers.put("small", 1e-7);
        numbers.put("negzero", -0.0);
        numbers.put("float", 0.1f);
        numbers.put("bigint", new BigInteger("12345678901234567890"));
        numbers.put("decimal", new BigDecimal("2.50"));
        numbers.put("huge", new BigDecimal("1e400"));
        numbers.put("exact", new BigDecimal("0.10000000000000000555"));
        numbers.put("neg", -1.5e300);
        numbers.put("as_double", 9007199254740993.0);
        Event third = Event.builder("numbers").source("calc").uuid("u-ß").payload(numbers).build();
        assertEquals("{\"as_double\":9007199254740992,\"big\":1e+21,\"bigint\":12345678901234567890,\"decimal\":2.5,"
                + "\"double\":0.1,\"exact\":0.10000000000000000555,\"float\":0.10000000149011612,\"huge\":1e+400,\"int\":42,"
                + "\"long\":9007199254740993,\"neg\":-1.5e+300,\"negzero\":0,\"small\":1e-7,"
                + "\"snowflake\":1234567890123456789,\"tiny\":5e-324}", third.payloadJson());

        List<byte[]> lines = lines(CANONICAL);
        List<Event> events = List.of(first, second, third);
        String[] reqIds = {"r-1", null, "r-2\u001f"};
        byte[] prev = Hashes.zero();
        for (int i = 0; i < 3; i++) {
            Event e = events.get(i);
            byte[] value = EntryCodec.encodeValue(i + 1, prev, 1764043200001000L + 1000L * i, e.encoded(),
                    reqIds[i] == null ? null : EntryCodec.stringField("reqId", reqIds[i]),
                    EntryCodec.stringField("uuid", e.uuid()));
            assertBytes(lines.get(i), value);
            prev = Hashes.sha256(value);
        }
    }

    private static byte[] canonical(DecodedValue d) {
        Event e = Event.builder(d.kind()).source(d.source()).uuid(d.uuid()).meta(d.meta()).payload(d.payload()).build();
        return EntryCodec.encodeValue(d, e.encoded());
    }

    private static void assertBytes(byte[] expected, byte[] actual) {
        assertArrayEquals(expected, actual, () -> "re-encodes differently:\n" + new String(expected, StandardCharsets.UTF_8)
                + "\n" + new String(actual, StandardCharsets.UTF_8));
    }

    @Test
    void headerParsingIsStrictAboutLayout() {
        for (String bad : List.of("{\"seq\": 1,\"prev\":\"" + "0".repeat(64) + "\",\"ts\":1}",
                "{\"seq\":01,\"prev\":\"" + "0".repeat(64) + "\",\"ts\":1}",
                "{\"seq\":0,\"prev\":\"" + "0".repeat(64) + "\",\"ts\":1}",
                "{\"seq\":1,\"prev\":\"" + "A".repeat(64) + "\",\"ts\":1}",
                "{\"seq\":99999999999999999999,\"prev\":\"" + "0".repeat(64) + "\",\"ts\":1}",
                "{\"prev\":\"" + "0".repeat(64) + "\",\"seq\":1,\"ts\":1}", "")) {
            org.junit.jupiter.api.Assertions.assertThrows(MalformedValueException.class,
                    () -> EntryCodec.readHeader(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }
}
