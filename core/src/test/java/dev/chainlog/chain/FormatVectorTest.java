package dev.chainlog.chain;

import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared test vector (copied from ../shared/vectors, see docs/FORMAT.md): a three-entry export and the hash
 * of each line. Decoding and verifying it must reproduce those hashes and the head; any changed byte must be
 * refused; and the encoder must write exactly those bytes for those fields.
 */
class FormatVectorTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FormatVectorTest.class.getResourceAsStream("/vectors/" + name)) {
            return in.readAllBytes();
        }
    }

    private static Map<Long, String> expectedHashes() throws IOException {
        Map<Long, String> m = new LinkedHashMap<>();
        for (String line : new String(resource("three-entries.hashes"), StandardCharsets.US_ASCII).split("\n")) {
            String[] parts = line.trim().split(" ");
            m.put(Long.parseLong(parts[0]), parts[1]);
        }
        return m;
    }

    private static final Head HEAD = new Head(3, "466cfb731e8e114cd3ad99654e4f0cfa3e0cfa6a20d627c1df3c1a94158cd082");

    @Test
    void theVectorVerifiesAndReproducesItsHashesAndHead() throws IOException {
        List<ExportVerifier.Line> lines = new ArrayList<>();
        IntegrityReport r = new ExportVerifier(1 << 20).verify(new ByteArrayInputStream(resource("three-entries.jsonl")),
                Hashes.zero(), HEAD, lines::add);
        assertTrue(r.ok(), r.summary());
        assertEquals(3, r.checked());
        assertEquals(HEAD, r.head());
        Map<Long, String> hashes = new LinkedHashMap<>();
        lines.forEach(l -> hashes.put(l.seq(), Hashes.hex(l.hash())));
        assertEquals(expectedHashes(), hashes);
    }

    @Test
    void everyChangedByteIsRefused() throws IOException {
        byte[] file = resource("three-entries.jsonl");
        int refused = 0;
        for (int i = 0; i < file.length; i++) {
            for (byte replacement : new byte[] {'x', '0', ' ', '\n'}) {
                if (file[i] == replacement) {
                    continue;
                }
                byte[] damaged = file.clone();
                damaged[i] = replacement;
                IntegrityReport r = new ExportVerifier(1 << 20).verify(new ByteArrayInputStream(damaged), Hashes.zero(),
                        HEAD, null);
                assertFalse(r.ok(), "byte " + i + " changed to '" + (char) replacement + "' went unnoticed");
                refused++;
            }
        }
        assertTrue(refused > 3 * file.length);
    }

    @Test
    void decodingTheVectorGivesItsFields() throws IOException {
        String first = new String(resource("three-entries.jsonl"), StandardCharsets.UTF_8).split("\n")[0];
        DecodedValue d = EntryCodec.decode(first.getBytes(StandardCharsets.UTF_8));
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
    void theEncoderWritesTheVectorByteForByte() throws IOException {
        String[] lines = new String(resource("three-entries.jsonl"), StandardCharsets.UTF_8).split("\n");
        for (String line : lines) {
            byte[] expected = line.getBytes(StandardCharsets.UTF_8);
            DecodedValue d = EntryCodec.decode(expected);
            EncodedEvent event = EntryCodec.encodeEvent(d.kind(), d.source(), d.meta(),
                    Json.MAPPER.writeValueAsBytes(Json.MAPPER.readTree(d.payload().toString())));
            byte[] value = EntryCodec.encodeValue(d.seq(), Hashes.fromHex(d.prev()), d.ts(), event,
                    d.reqId() == null ? null : EntryCodec.stringField("reqId", d.reqId()),
                    EntryCodec.stringField("uuid", d.uuid()));
            assertArrayEquals(expected, value, "seq " + d.seq() + " re-encodes differently:\n" + line + "\n"
                    + new String(value, StandardCharsets.UTF_8));
        }
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
