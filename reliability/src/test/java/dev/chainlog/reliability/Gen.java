package dev.chainlog.reliability;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generators of hostile input for the fuzz tests, and an oracle for them that is written from the rules in
 * docs/FORMAT.md and README.md, not from chainlog's code: a case says whether it must be accepted or refused.
 */
final class Gen {
    /** The limit of kind, source, uuid and request id (FORMAT.md §1). */
    static final int MAX_TEXT = 256;
    /** Payload nesting limit (Event.MAX_PAYLOAD_DEPTH: deeper payloads are refused). */
    static final int MAX_DEPTH = 256;

    final Random r;

    Gen(Random r) {
        this.r = r;
    }

    // ------------------------------------------------------------------ strings

    enum Str { WORD, UNICODE, EMOJI, CONTROL, NUL, LONE_HIGH, LONE_LOW, REVERSED_PAIR, BLANK, EMPTY, LONG_256, LONG_257,
        LONG_5000, JSONY, LINE_SEPARATORS }

    Str strKind() {
        int x = r.nextInt(100);
        if (x < 45) {
            return Str.WORD;
        }
        Str[] hostile = Str.values();
        return hostile[1 + r.nextInt(hostile.length - 1)];
    }

    String str(Str k) {
        return switch (k) {
            case WORD -> word(1 + r.nextInt(12));
            case UNICODE -> pick("grüße", "日本語のテキスト", "Ελληνικά", "עברית", "العربية", "ÅÄÖ", "naïve café", "\u0301e");
            case EMOJI -> pick("\uD83D\uDE00", "a\uD83D\uDC4D\uD83C\uDFFDb", "\uD83C\uDDEB\uD83C\uDDF7", "\uD800\uDC00");
            case CONTROL -> "c" + (char) (1 + r.nextInt(31)) + "\u007f\u0085" + word(2);
            case NUL -> word(2) + '\0' + word(2);
            case LONE_HIGH -> word(1) + '\uD800' + word(1);
            case LONE_LOW -> word(1) + '\uDC00';
            case REVERSED_PAIR -> "\uDC00\uD800";
            case BLANK -> pick(" ", "\t", "\n", "   \r\n", "\u2003", "\u3000", "\u2028");
            case EMPTY -> "";
            case LONG_256 -> "L".repeat(MAX_TEXT);
            case LONG_257 -> "L".repeat(MAX_TEXT + 1);
            case LONG_5000 -> word(5000);
            case JSONY -> pick("\"", "\\", "\\u0000", "{\"a\":1}", "</script>", "'; DROP TABLE entries; --", "%s%n",
                    "\\\"", "null");
            case LINE_SEPARATORS -> "a\u2028b\u2029c";
        };
    }

    String word(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }

    // ------------------------------------------------------------------ the oracle for strings

    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return false;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** kind, source, uuid, request id: non-blank, at most 256 chars, no NUL, well-formed UTF-16 (FORMAT.md §1). */
    static boolean validText(String s) {
        return s != null && !s.isBlank() && s.length() <= MAX_TEXT && s.indexOf('\0') < 0 && wellFormed(s);
    }

    // ------------------------------------------------------------------ payloads

    /** A random JSON-ish Java value tree: maps, lists, strings, numbers, booleans, null. */
    Map<String, Object> payloadMap(int maxDepth, boolean hostile) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String key = hostile && r.nextInt(8) == 0 ? str(strKind()) : word(1 + r.nextInt(8));
            m.put(key, value(maxDepth - 1, hostile));
        }
        return m;
    }

    Object value(int depthLeft, boolean hostile) {
        int x = r.nextInt(depthLeft > 0 ? 14 : 11);
        return switch (x) {
            case 0 -> hostile ? str(strKind()) : word(r.nextInt(20));
            case 1 -> r.nextInt();
            case 2 -> r.nextLong();
            case 3 -> new BigInteger(1 + r.nextInt(90), r).negate();
            case 4 -> new BigDecimal(new BigInteger(1 + r.nextInt(60), r), r.nextInt(40) - 20);
            case 5 -> hostile && r.nextInt(6) == 0 ? pick(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    Float.NaN) : pick(r.nextDouble(), -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, 0.1);
            case 6 -> r.nextBoolean();
            case 7 -> null;
            case 8 -> word(r.nextInt(3));
            case 9 -> hostile ? str(strKind()) : "s";
            case 10 -> r.nextInt(3) - 1;
            case 11, 12 -> payloadMap(depthLeft, hostile);
            default -> {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    l.add(value(depthLeft - 1, hostile));
                }
                yield l;
            }
        };
    }

    /**
     * A payload whose deepest node is at level {@code levels} (the root object is level 1): valid up to 256
     * levels. The innermost container is empty; the others are objects {@code {"n":..}} or arrays {@code [..]}.
     */
    static Map<String, Object> nested(int levels, boolean arrays) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (levels <= 1) {
            return root;
        }
        Object inner = arrays ? new ArrayList<>() : new LinkedHashMap<String, Object>();
        for (int level = levels - 1; level >= 2; level--) {
            if (arrays) {
                List<Object> l = new ArrayList<>();
                l.add(inner);
                inner = l;
            } else {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("n", inner);
                inner = m;
            }
        }
        root.put("d", inner);
        return root;
    }

    /**
     * Why the payload must be refused, or null when it is fine: a value nesting deeper than 256 (the root object
     * is level 1), a NaN or infinite number, a key or string that is not well-formed UTF-16, a value that is not
     * plain JSON.
     */
    static String payloadProblem(Object v, int depth) {
        if (depth > MAX_DEPTH) {
            return "deeper than " + MAX_DEPTH;
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k) || !wellFormed(k)) {
                    return "bad key";
                }
                String p = payloadProblem(e.getValue(), depth + 1);
                if (p != null) {
                    return p;
                }
            }
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                String p = payloadProblem(o, depth + 1);
                if (p != null) {
                    return p;
                }
            }
        } else if (v instanceof String s) {
            return wellFormed(s) ? null : "unpaired surrogate";
        } else if (v instanceof Double d && !Double.isFinite(d)) {
            return "NaN/Infinity";
        } else if (v instanceof Float f && !Float.isFinite(f)) {
            return "NaN/Infinity";
        } else if (v != null && !(v instanceof Number) && !(v instanceof Boolean)) {
            return "not plain JSON: " + v.getClass().getSimpleName();
        }
        return null;
    }

    /** Longest stored number spelling (FORMAT.md §1a), key and string in a value tree (the limits apply to these). */
    static long[] extremes(Object v) {
        long[] out = new long[3];
        extremes(v, out);
        return out;
    }

    private static void extremes(Object v, long[] out) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out[1] = Math.max(out[1], String.valueOf(e.getKey()).length());
                extremes(e.getValue(), out);
            }
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                extremes(o, out);
            }
        } else if (v instanceof BigInteger b) {
            out[0] = Math.max(out[0], Canonical.number(b).length());
        } else if (v instanceof BigDecimal b) {
            out[0] = Math.max(out[0], Canonical.number(b).length());
        } else if (v instanceof String s) {
            out[2] = Math.max(out[2], s.length());
        }
    }

    // ------------------------------------------------------------------ comparing JSON

    /** Equal JSON: numbers by value (2.50 == 2.5, 1E+2 == 100), everything else exactly, member order included. */
    static boolean sameJson(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
            return false;
        }
        if (a.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> ia = a.properties().iterator();
            Iterator<Map.Entry<String, JsonNode>> ib = b.properties().iterator();
            while (ia.hasNext()) {
                Map.Entry<String, JsonNode> x = ia.next();
                Map.Entry<String, JsonNode> y = ib.next();
                if (!x.getKey().equals(y.getKey()) || !sameJson(x.getValue(), y.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            for (int i = 0; i < a.size(); i++) {
                if (!sameJson(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    static String abbreviate(Object o) {
        String s = String.valueOf(o);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), 160); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 160 ? sb + "…(" + s.length() + " chars)" : sb.toString();
    }
}
