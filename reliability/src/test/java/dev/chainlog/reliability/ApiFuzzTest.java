package dev.chainlog.reliability;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.Head;
import dev.chainlog.chain.Json;
import dev.chainlog.contract.TestKit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input through the append API: kind, source, uuid, request id, meta and payload (maps, JSON text, JsonNodes),
 * batches, durability overrides, idempotent replays and conflicts, duplicate uuids — seeded random cases, each
 * judged by an oracle written from the documented rules ({@link Gen}). A case the rules refuse must be refused with
 * a {@link ChainlogException} (never an Error, an NPE or another unchecked exception), store nothing and burn no
 * seq; a case the rules accept must be stored and read back exactly (kind, source, uuid, request id, meta, payload
 * by JSON value), and stored byte for byte as encoding rule 2 spells it (FORMAT.md §1a, written by the oracle's own
 * {@link Canonical}). At the end the log verifies, reopens, and its export imports into a new log with the same head.
 *
 * <p>Cases of known, reported bugs ({@link KnownBugs}; none of the append API today) run against a separate log;
 * their hits are counted.
 * Cases: 60% of {@code chainlog.reliability.fuzz} (CI 2,400; long 72,000).
 */
@Tag("reliability")
class ApiFuzzTest {
    private static final int LIMIT = EventLogConfig.DEFAULT_MAX_PAYLOAD_BYTES;

    @TempDir
    Path tmp;

    private Gen gen;
    private Random rnd;
    private EventLog log;
    private EventLog bugLog;
    private final List<Applied> applied = new ArrayList<>();
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    /** An accepted request, for replays and uuid reuse. */
    record Applied(AppendRequest request, List<Entry> entries) {
    }

    /** What the oracle expects of a case. */
    static final class Expect {
        boolean valid = true;
        String reason = "";
        String bug;

        void invalid(String why) {
            if (valid) {
                valid = false;
                reason = why;
            }
        }

        void knownBug(String category) {
            if (bug == null) {
                bug = category;
            }
        }
    }

    @Test
    void appendApi() throws Exception {
        long seed = Settings.seed("ApiFuzzTest");
        rnd = new Random(seed);
        gen = new Gen(rnd);
        int cases = (int) (Settings.fuzzCases() * 0.6);
        try (EventLog main = EventLogs.open(Logs.config(tmp.resolve("log"), Durability.WAL));
             EventLog bugs = EventLogs.open(Logs.config(tmp.resolve("known-bugs"), Durability.NONE))) {
            log = main;
            bugLog = bugs;
            for (int i = 0; i < cases; i++) {
                runCase(i);
                if (failures.size() >= 20) {
                    break;
                }
                if (i % 1000 == 999) {
                    TestKit.assertIntact(log.verify(), "after " + (i + 1) + " cases");
                }
            }
            tenMegabyteStrings(Settings.LONG ? 12 : 2);
            TestKit.assertIntact(log.verify(), "after all cases");
        }
        Figures.add("fuzz.cases: append API", cases);
        outcomes.forEach((k, v) -> System.out.printf("[fuzz-api] %-60s %,d%n", k, v));
        assertTrue(failures.isEmpty(), () -> "seed " + seed + ": " + failures.size() + " failing case(s):\n"
                + String.join("\n", failures));

        // Everything accepted survives a reopen and an export/import round trip (FORMAT.md §3).
        Path export = tmp.resolve("export.jsonl");
        Head head;
        try (EventLog reopened = EventLogs.open(Logs.config(tmp.resolve("log"), Durability.WAL));
             OutputStream out = Files.newOutputStream(export)) {
            TestKit.assertIntact(reopened.verify(), "reopened");
            head = reopened.head();
            assertEquals(head.seq(), reopened.exportTo(out, 0));
        }
        try (EventLog imported = EventLogs.open(Logs.config(tmp.resolve("imported"), Durability.WAL))) {
            assertEquals(head, imported.importExport(export), "the export of everything accepted imports");
            TestKit.assertIntact(imported.verify(), "imported");
        }
    }

    private void count(String outcome) {
        outcomes.merge(outcome, 1L, Long::sum);
    }

    private void runCase(int i) {
        int x = rnd.nextInt(100);
        Expect ex = new Expect();
        String desc;
        AppendRequest replayOf = null;
        List<Entry> replayEntries = null;
        String reqId = rnd.nextInt(3) == 0 ? text(ex, "request id", false) : null;
        if (reqId != null && Gen.validText(reqId)) {
            reqId = reqId + "#" + i; // a fresh id: reuse is what the replay/conflict cases are about
            if (reqId.length() > Gen.MAX_TEXT) {
                ex.invalid("request id too long");
            }
        }
        Durability durability = null;
        int batch = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(4) : 1;
        List<Map<String, String>> metas = new ArrayList<>();
        List<String> payloads = new ArrayList<>(); // as stored (FORMAT.md §1a), for the valid ones
        List<String> kinds = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> uuids = new ArrayList<>();

        if (x < 55) {
            desc = "fields";
        } else if (x < 63) {
            desc = "payload nesting";
        } else if (x < 67) {
            desc = "huge numbers";
        } else if (x < 73) {
            desc = "idempotent replay/conflict";
        } else if (x < 78) {
            desc = "uuid reuse";
        } else if (x < 82) {
            desc = "durability override";
        } else if (x < 87) {
            desc = "batch shape";
        } else if (x < 93) {
            desc = "payload size limit";
        } else if (x < 98) {
            desc = "meta";
        } else {
            desc = "very long names";
        }

        if (desc.equals("idempotent replay/conflict") && !applied.isEmpty()) {
            Applied a = applied.get(rnd.nextInt(applied.size()));
            if (a.request().requestId() != null) {
                boolean same = rnd.nextBoolean();
                AppendRequest r = same ? a.request() : new AppendRequest(List.of(Event.of("conflicting.body")),
                        a.request().requestId(), null);
                attempt(i, desc + (same ? " (same body)" : " (other body)"), ex, () -> r, same ? a : null,
                        !same, List.of(), List.of(), List.of(), List.of(), List.of());
                return;
            }
        }
        if (desc.equals("uuid reuse") && !applied.isEmpty()) {
            Applied a = applied.get(rnd.nextInt(applied.size()));
            String uuid = a.entries().get(0).uuid();
            ex.invalid("duplicate uuid");
            attempt(i, desc, ex, () -> AppendRequest.of(Event.builder("dup").uuid(uuid).build()), null, false,
                    List.of(), List.of(), List.of(), List.of(), List.of());
            return;
        }
        if (desc.equals("batch shape")) {
            int shape = rnd.nextInt(4);
            if (shape == 0) {
                ex.invalid("empty batch");
                attempt(i, desc + " (empty)", ex, () -> new AppendRequest(List.of(), null, null), null, false,
                        List.of(), List.of(), List.of(), List.of(), List.of());
                return;
            }
            if (shape == 1) {
                ex.invalid("null event");
                List<Event> l = new ArrayList<>();
                l.add(Event.of("a"));
                l.add(null);
                attempt(i, desc + " (null event)", ex, () -> new AppendRequest(l, null, null), null, false,
                        List.of(), List.of(), List.of(), List.of(), List.of());
                return;
            }
            if (shape == 2) {
                ex.invalid("same uuid twice in a batch");
                String u = "twice-" + i;
                attempt(i, desc + " (uuid twice)", ex, () -> AppendRequest.batch(List.of(Event.builder("a").uuid(u).build(),
                        Event.builder("b").uuid(u).build())), null, false, List.of(), List.of(), List.of(), List.of(), List.of());
                return;
            }
            batch = 20 + rnd.nextInt(40);
        }
        if (desc.equals("durability override")) {
            durability = rnd.nextBoolean() ? Durability.NONE : Durability.SYNC;
            if (durability == Durability.NONE) {
                ex.invalid("weaker durability than the log's");
            }
        }

        for (int b = 0; b < batch; b++) {
            String kind = text(ex, "kind", true);
            String source = rnd.nextInt(3) == 0 ? text(ex, "source", false) : null;
            String uuid = rnd.nextInt(4) == 0 ? text(ex, "uuid", false) : null;
            if (uuid != null && Gen.validText(uuid)) {
                uuid = uuid + "#" + i + "." + b; // unique unless the case is about reuse
                if (uuid.length() > Gen.MAX_TEXT) {
                    ex.invalid("uuid too long");
                }
            }
            kinds.add(kind);
            sources.add(source);
            uuids.add(uuid);
            Map<String, String> meta = meta(ex, desc);
            metas.add(meta);
            payloads.add(payload(ex, desc, b));
        }
        String rid = reqId;
        Durability dur = durability;
        List<Object> payloadInputs = lastPayloadInputs;
        lastPayloadInputs = new ArrayList<>();
        attempt(i, desc, ex, () -> {
            List<Event> events = new ArrayList<>();
            for (int b = 0; b < kinds.size(); b++) {
                Event.Builder eb = Event.builder(kinds.get(b)).source(sources.get(b)).uuid(uuids.get(b));
                for (Map.Entry<String, String> m : metas.get(b).entrySet()) {
                    eb.meta(m.getKey(), m.getValue());
                }
                Object p = payloadInputs.get(b);
                if (p instanceof TextPayload t) {
                    eb.payloadJson(t.json());
                } else {
                    eb.payload(p);
                }
                events.add(eb.build());
            }
            return new AppendRequest(events, rid, dur);
        }, null, false, kinds, sources, uuids, metas, payloads);
    }

    /** JSON text given to {@code payloadJson}. */
    record TextPayload(String json) {
    }

    private List<Object> lastPayloadInputs = new ArrayList<>();

    private String text(Expect ex, String field, boolean required) {
        Gen.Str k = gen.strKind();
        String s = gen.str(k);
        if (!required && k == Gen.Str.EMPTY && rnd.nextBoolean()) {
            s = null;
        }
        if (required && rnd.nextInt(50) == 0) {
            s = null;
        }
        if (required ? !Gen.validText(s) : s != null && !Gen.validText(s)) {
            ex.invalid(field + " " + k);
        }
        return s;
    }

    private Map<String, String> meta(Expect ex, String desc) {
        Map<String, String> m = new LinkedHashMap<>();
        int n = desc.equals("meta") ? 1 + rnd.nextInt(6) : rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            String k = desc.equals("meta") ? gen.str(gen.strKind()) : gen.word(1 + rnd.nextInt(6));
            String v = desc.equals("meta") ? gen.str(gen.strKind()) : gen.word(rnd.nextInt(10));
            if (desc.equals("meta") && rnd.nextInt(10) == 0) {
                v = null;
            }
            m.put(k, v); // a repeated key replaces the earlier value, as Event.Builder.meta does
        }
        if (desc.equals("meta") && rnd.nextInt(6) == 0) {
            m.put("big", "m".repeat(gen.pick(16_000, 16_360, 16_400, 17_000, LIMIT + 100_000)));
        }
        if (desc.equals("very long names") && rnd.nextBoolean()) {
            m.put("k".repeat(gen.pick(50_000, 50_001, 60_000)), "v");
        }
        // Judged on the final map. Keys and values: present, well-formed UTF-16; keys at most 50,000 chars; at most
        // 16 KiB encoded (Event.MAX_META_BYTES: meta is for short labels).
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getValue() == null) {
                ex.invalid("meta value null");
            } else if (!Gen.wellFormed(e.getKey()) || !Gen.wellFormed(e.getValue())) {
                ex.invalid("meta not well-formed");
            } else if (e.getKey().length() > 50_000) {
                ex.invalid("meta key over 50,000 chars");
            }
        }
        if (!m.isEmpty() && !m.containsValue(null) && m.keySet().stream().allMatch(Gen::wellFormed)
                && m.values().stream().allMatch(Gen::wellFormed)) {
            int size = Canonical.utf8Length(Canonical.metaField(m)); // ,"meta":{..} as stored
            if (size > 16 * 1024) {
                ex.invalid("meta of " + size + " bytes");
            }
        }
        return m;
    }

    private String payload(Expect ex, String desc, int b) {
        Object input;
        switch (desc) {
            case "payload nesting" -> {
                int levels = gen.pick(1, 2, 100, 255, 256, 257, 258, 300, 999);
                input = Gen.nested(levels, rnd.nextBoolean());
                if (rnd.nextInt(20) == 0) {
                    Map<String, Object> self = new HashMap<>();
                    self.put("self", self);
                    input = self;
                } else if (rnd.nextInt(20) == 0) {
                    input = Gen.nested(6000, false);
                }
            }
            case "huge numbers" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                int digits = gen.pick(19, 20, 300, 999, 1000, 1001, 3000);
                m.put("n", new BigInteger("9".repeat(digits)));
                m.put("e", new java.math.BigDecimal(gen.pick("1E+999999999", "1E-999999999", "-0.0", "123.4500")));
                input = m;
            }
            case "payload size limit" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                int size = gen.pick(LIMIT - 100, LIMIT - 8, LIMIT - 7, LIMIT - 6, LIMIT + 1, LIMIT + 10_000, 3 * LIMIT);
                m.put("s", "x".repeat(Math.max(0, size - 8))); // {"s":"..."} is 8 bytes of syntax
                input = m;
            }
            case "very long names" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("k".repeat(gen.pick(1_000, 49_999, 50_001, 60_000)), 1);
                input = m;
            }
            default -> input = rnd.nextInt(15) == 0 ? null : gen.payloadMap(6, rnd.nextInt(3) == 0);
        }
        String problem = input instanceof Map<?, ?> || input == null ? Gen.payloadProblem(input, 1) : "not a map";
        if (problem != null) {
            ex.invalid("payload: " + problem);
            lastPayloadInputs.add(input);
            return null;
        }
        // The same value, half of the time, as JSON text; sometimes made hostile.
        Object given = input;
        if (input instanceof Map<?, ?> && ex.bug == null && rnd.nextBoolean()) {
            try {
                String json = Json.MAPPER.writeValueAsString(input);
                int m = rnd.nextInt(12);
                if (m < 7) {
                    given = new TextPayload(m < 2 ? " \n" + json + "\t " : json); // whitespace around is fine
                } else {
                    String hostile = switch (m) {
                        case 7 -> json + " {}";                                  // trailing tokens
                        case 8 -> json.substring(0, json.length() - 1);           // truncated
                        case 9 -> "{\"a\":1,\"a\":2}";                           // duplicate key
                        case 10 -> gen.pick("[]", "\"s\"", "1", "null", "true", "", "   ");  // not an object
                        default -> gen.pick("{'a':1}", "{a:1}", "{\"a\":NaN}", "{\"a\":1}/*c*/", "{\"a\":01}",
                                "{\"n\":" + "9".repeat(1500) + "}", "{\"a\":" + "[".repeat(1200) + "]".repeat(1200) + "}");
                    };
                    ex.invalid("hostile JSON text");
                    lastPayloadInputs.add(new TextPayload(hostile));
                    return null;
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // use the map
            }
        }
        lastPayloadInputs.add(given);
        // What is stored: the rule-2 text of the map, or of the JSON text's value (its numbers as the exact decimals
        // the text spells: a double Jackson wrote as 4.9E-324 is 4.9e-324 there, 5e-324 as a double).
        String expected;
        try {
            expected = given instanceof TextPayload t ? Canonical.text(t.json()) : Canonical.payload((Map<?, ?>) input);
        } catch (IllegalArgumentException | java.io.IOException | StackOverflowError e) {
            ex.invalid("payload cannot be converted (or refers to itself)");
            return null;
        }
        int size = Canonical.utf8Length(expected);
        if (size > LIMIT) {
            ex.invalid("payload of " + size + " bytes");
        }
        // Every accepted entry must decode: numbers stored in at most 1,000 chars, names of at most 50,000.
        long[] extremes = Gen.extremes(input);
        if (extremes[0] > 1000) {
            ex.invalid("a number of " + extremes[0] + " chars as stored");
        }
        if (extremes[1] > 50_000) {
            ex.invalid("a member name of " + extremes[1] + " chars");
        }
        return expected;
    }

    interface RequestSupplier {
        AppendRequest get();
    }

    /** Runs one case and judges it. */
    private void attempt(int i, String desc, Expect ex, RequestSupplier request, Applied replay, boolean conflict,
                         List<String> kinds, List<String> sources, List<String> uuids, List<Map<String, String>> metas,
                         List<String> payloads) {
        if (conflict) {
            ex.invalid("request id reused with another body");
        }
        EventLog target = ex.bug != null ? bugLog : log;
        long before = target.head().seq();
        List<Entry> got;
        String requestId;
        try {
            AppendRequest r = request.get();
            requestId = r.requestId();
            got = target.append(r);
            if (replay == null && target == log && ex.valid) {
                applied.add(new Applied(r, got));
            }
        } catch (ChainlogException e) {
            long after = target.head().seq();
            if (after != before) {
                failures.add("case " + i + " (" + desc + "): refused (" + e + ") but the head moved " + before + " -> " + after);
            }
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                failures.add("case " + i + " (" + desc + "): refused without a message: " + e.getClass().getName());
            }
            if (ex.valid && ex.bug == null) {
                failures.add("case " + i + " (" + desc + "): valid by the rules but refused: " + e);
            } else if (ex.bug != null && ex.valid) {
                count("known-bug case refused, as the rules say (fixed?): " + ex.bug);
            }
            count("refused: " + e.getClass().getSimpleName());
            return;
        } catch (Throwable t) {
            failures.add("case " + i + " (" + desc + "): unclear error " + t + " for expected " + (ex.valid ? "accept"
                    : "refusal (" + ex.reason + ")"));
            return;
        }
        if (replay != null) {
            if (!got.equals(replay.entries()) || target.head().seq() != before) {
                failures.add("case " + i + " (" + desc + "): replay returned " + got + " instead of " + replay.entries());
            }
            count("accepted: idempotent replay");
            return;
        }
        if (!ex.valid || ex.bug != null) {
            if (ex.bug != null && ex.valid) {
                KnownBugs.hit(ex.bug);
                count("KNOWN BUG: " + ex.bug + " (accepted)");
                return;
            }
            failures.add("case " + i + " (" + desc + "): accepted, but the rules refuse it (" + ex.reason + "): "
                    + Gen.abbreviate(got.get(0).json()));
            return;
        }
        if (got.size() != kinds.size() && !kinds.isEmpty()) {
            failures.add("case " + i + " (" + desc + "): " + got.size() + " entries for " + kinds.size() + " events");
            return;
        }
        if (target.head().seq() != before + got.size() || got.get(0).seq() != before + 1) {
            failures.add("case " + i + " (" + desc + "): seqs " + got.get(0).seq() + ".. after head " + before);
        }
        for (int b = 0; b < kinds.size(); b++) {
            Entry e = got.get(b);
            try {
                check(e.kind().equals(kinds.get(b)), i, desc, "kind", e);
                check(java.util.Objects.equals(e.source(), sources.get(b)), i, desc, "source", e);
                check(uuids.get(b) == null ? e.uuid() != null : e.uuid().equals(uuids.get(b)), i, desc, "uuid", e);
                check(new HashMap<>(e.meta()).equals(new HashMap<>(metas.get(b))), i, desc, "meta", e);
                check(List.copyOf(e.meta().keySet()).equals(List.copyOf(new TreeMap<>(metas.get(b)).keySet())), i, desc,
                        "meta order (sorted by key)", e);
                check(Gen.sameJson(Json.MAPPER.readTree(payloads.get(b)), e.payload()), i, desc, "payload", e);
                // The whole value, byte for byte as FORMAT.md §1 and §1a spell it.
                String spelled = "{\"seq\":" + e.seq() + ",\"prev\":\"" + e.prev() + "\",\"ts\":" + e.ts()
                        + Canonical.field("kind", kinds.get(b)) + Canonical.field("source", sources.get(b))
                        + Canonical.field("reqId", requestId) + Canonical.field("uuid", e.uuid())
                        + Canonical.metaField(metas.get(b)) + ",\"payload\":" + payloads.get(b) + "}";
                check(e.json().equals(spelled), i, desc, "spelling (expected " + Gen.abbreviate(spelled) + ")", e);
                Entry stored = target.get(e.seq()).orElseThrow();
                check(java.util.Arrays.equals(stored.storedValue(), e.storedValue()), i, desc, "stored bytes", e);
            } catch (RuntimeException | java.io.IOException t) {
                failures.add("case " + i + " (" + desc + "): accepted entry does not read back: " + t);
            }
        }
        count("accepted: " + desc);
    }

    private void check(boolean ok, int i, String desc, String what, Entry e) {
        if (!ok) {
            failures.add("case " + i + " (" + desc + "): " + what + " differs after the round trip: " + Gen.abbreviate(e.json()));
        }
    }

    /** 10 MB strings: refused under the default 1 MiB limit, stored and read back exactly under a 16 MiB one. */
    private void tenMegabyteStrings(int n) {
        try (EventLog big = EventLogs.open(EventLogConfig.builder().path(tmp.resolve("big")).maxPayloadBytes(16 << 20)
                .durability(Durability.WAL).build())) {
            for (int i = 0; i < n; i++) {
                String s = gen.word(1000).repeat(10_000);
                Event e = Event.builder("big").payload(Map.of("s", s)).build();
                long before = log.head().seq();
                try {
                    log.append(e);
                    failures.add("a 10 MB payload was accepted under a 1 MiB limit");
                } catch (dev.chainlog.api.PayloadTooLargeException expected) {
                    assertEquals(before, log.head().seq());
                }
                Entry stored = big.append(e);
                assertEquals(s, big.get(stored.seq()).orElseThrow().payload().get("s").textValue());
            }
            TestKit.assertIntact(big.verify(), "10 MB strings");
        }
        Figures.add("fuzz.cases: append API", 2L * n);
    }
}
