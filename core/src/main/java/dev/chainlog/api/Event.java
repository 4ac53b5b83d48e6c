package dev.chainlog.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainlog.chain.CanonicalJson;
import dev.chainlog.chain.EncodedEvent;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An event to append: what the caller says happened. The log adds {@code seq}, {@code prev}, {@code ts} (and a
 * uuid when none is given) to make it an {@link Entry}.
 *
 * <p>Immutable. The payload is copied and encoded when the event is built, so changing the caller's map, list or
 * {@link JsonNode} afterwards changes nothing (docs/DESIGN.md: Isolation), and one event may be appended several times
 * (each
 * append without an explicit uuid gets a fresh one).
 *
 * <p>Encoded canonically (encoding rule 2, {@link CanonicalJson}; docs/FORMAT.md §1): the same logical event has
 * the same bytes in every JVM, whatever order the caller's maps iterate in ({@code Map.of} changes per run) and
 * however its numbers were typed (2.5 or 2.50, an int or a long). That is what lets a retry with the same request id
 * in another process be recognised as the same request.
 *
 * <pre>{@code
 * Event e = Event.builder("user.login").source("auth").meta("world_id", "w1")
 *                .payload(Map.of("user", "ada", "ok", true)).build();
 * }</pre>
 */
public final class Event {
    /** Deeper payloads are refused: they are almost always a bug, and they make every reader recurse. */
    public static final int MAX_PAYLOAD_DEPTH = 256;
    /**
     * Limits that keep every accepted entry decodable by chainlog's own reader (Jackson's default read limits),
     * however the payload was given: numbers whose canonical spelling has at most 1,000 chars, member names of at
     * most 50,000 chars.
     */
    public static final int MAX_NUMBER_DIGITS = com.fasterxml.jackson.core.StreamReadConstraints.DEFAULT_MAX_NUM_LEN;
    public static final int MAX_NAME_CHARS = com.fasterxml.jackson.core.StreamReadConstraints.DEFAULT_MAX_NAME_LEN;
    /**
     * Meta is for short labels (world_id, adapter): at most this many bytes encoded, so an entry's line in an export
     * stays within what import accepts (maxPayloadBytes + 64 KiB).
     */
    public static final int MAX_META_BYTES = 16 * 1024;

    private final String kind;
    private final String source;
    private final String uuid;
    private final Map<String, String> meta;
    private final byte[] payloadJson;
    private final EncodedEvent encoded;

    private Event(Builder b) {
        this.kind = TextRules.required("kind", b.kind);
        this.source = TextRules.optional("source", b.source);
        this.uuid = TextRules.optional("uuid", b.uuid);
        this.meta = Collections.unmodifiableMap(new LinkedHashMap<>(b.meta)); // sorted, as stored
        this.payloadJson = b.payloadJson == null ? new byte[] {'{', '}'} : b.payloadJson;
        this.encoded = EntryCodec.encodeEvent(kind, source, meta, payloadJson);
        if (encoded.metaSize() > MAX_META_BYTES) {
            throw new InvalidEventException("meta is " + encoded.metaSize() + " bytes encoded, over the limit of "
                    + MAX_META_BYTES + "; put large data in the payload");
        }
    }

    /** An event of this kind with an empty payload {@code {}}. */
    public static Event of(String kind) {
        return builder(kind).build();
    }

    /** An event of this kind whose payload is {@code payload} (a map, a POJO or an {@link ObjectNode}). */
    public static Event of(String kind, Object payload) {
        return builder(kind).payload(payload).build();
    }

    public static Builder builder(String kind) {
        return new Builder(kind);
    }

    public String kind() {
        return kind;
    }

    /** Who produced the event, or null. */
    public String source() {
        return source;
    }

    /** The caller's uuid, or null when the log generates one per append. */
    public String uuid() {
        return uuid;
    }

    /** Unmodifiable; empty when none. Iterates in stored order: sorted by key ({@link String#compareTo}). */
    public Map<String, String> meta() {
        return meta;
    }

    /** A fresh copy of the payload; changing it changes nothing here. */
    public ObjectNode payload() {
        try {
            return (ObjectNode) Json.MAPPER.readTree(payloadJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload as canonical JSON (encoding rule 2), exactly as it will be stored. */
    public String payloadJson() {
        return new String(payloadJson, StandardCharsets.UTF_8);
    }

    /** The payload's size in bytes as stored (its canonical JSON): what a log's {@code maxPayloadBytes} limits. */
    public int payloadSize() {
        return encoded.payloadSize();
    }

    /** The pre-encoded form the log's writer stores; part of chainlog's internals, stable only within a version. */
    public EncodedEvent encoded() {
        return encoded;
    }

    @Override
    public String toString() {
        return "Event{kind=" + kind + (source == null ? "" : ", source=" + source)
                + (uuid == null ? "" : ", uuid=" + uuid) + (meta.isEmpty() ? "" : ", meta=" + meta)
                + ", payload=" + payloadJson() + "}";
    }

    /** Builds an {@link Event}; every check runs here or in {@link #build()}, never on the log's writer. */
    public static final class Builder {
        private final String kind;
        private String source;
        private String uuid;
        private final Map<String, String> meta = new TreeMap<>(); // rule 2 sorts meta by key
        private byte[] payloadJson;

        private Builder(String kind) {
            this.kind = kind;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** Sets the entry's uuid; it must be unique among retained entries. Omit it to get a random UUID per append. */
        public Builder uuid(String uuid) {
            this.uuid = uuid;
            return this;
        }

        public Builder meta(String key, String value) {
            if (key == null || value == null) {
                throw new InvalidEventException("meta keys and values must not be null (key " + key + ")");
            }
            TextRules.requireWellFormed("meta key", key);
            if (key.length() > MAX_NAME_CHARS) {
                throw new InvalidEventException("a meta key is " + key.length() + " chars, over " + MAX_NAME_CHARS);
            }
            TextRules.requireWellFormed("meta." + key, value);
            meta.put(key, value);
            return this;
        }

        public Builder meta(Map<String, String> entries) {
            if (entries == null) {
                throw new InvalidEventException("meta must not be null");
            }
            entries.forEach(this::meta);
            return this;
        }

        /**
         * The payload: a {@link Map}, a Jackson {@link ObjectNode}, or any object Jackson serializes to a JSON
         * object. It is copied now. {@code null} means {@code {}}. JSON text goes through {@link #payloadJson}.
         */
        public Builder payload(Object payload) {
            if (payload instanceof CharSequence) {
                throw new InvalidEventException("payload must be a JSON object, not a string; pass JSON text "
                        + "with payloadJson(String)");
            }
            if (payload == null) {
                this.payloadJson = null;
                return this;
            }
            if (payload instanceof Map<?, ?> map) {
                // The common case, a map of plain values, is encoded in one pass; the tree path below gives the
                // same bytes for it, and the precise refusal for whatever the fast path declines.
                byte[] canonical = CanonicalJson.plainPayload(map, MAX_PAYLOAD_DEPTH, MAX_NAME_CHARS, MAX_NUMBER_DIGITS);
                if (canonical != null) {
                    this.payloadJson = canonical;
                    return this;
                }
            }
            JsonNode tree;
            try {
                tree = payload instanceof JsonNode node ? node : Json.tree(payload);
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException("payload cannot be converted to JSON: " + e.getMessage(), e);
            } catch (StackOverflowError e) {
                // Jackson recurses per level: a map that contains itself, or absurd nesting, ends here.
                throw new InvalidEventException("payload refers to itself or nests too deeply to convert to JSON");
            }
            return payloadTree(tree);
        }

        /** The payload as JSON text; it must be one JSON object (duplicate keys are refused). */
        public Builder payloadJson(String json) {
            if (json == null) {
                throw new InvalidEventException("payload JSON must not be null");
            }
            JsonNode tree;
            try {
                tree = Json.MAPPER.readTree(json);
            } catch (JsonProcessingException e) {
                throw new InvalidEventException("payload is not valid JSON: " + e.getOriginalMessage(), e);
            }
            return payloadTree(tree);
        }

        private Builder payloadTree(JsonNode tree) {
            if (tree == null || !tree.isObject()) {
                throw new InvalidEventException("payload must be a JSON object, got "
                        + (tree == null || tree.isMissingNode() ? "nothing" : tree.getNodeType().name().toLowerCase()));
            }
            checkTree(tree, "payload", 1);
            this.payloadJson = CanonicalJson.payload(tree);
            return this;
        }

        public Event build() {
            return new Event(this);
        }

        /** Refuses what JSON cannot carry faithfully: NaN/Infinity, unpaired surrogates, absurd depth. */
        private static void checkTree(JsonNode node, String path, int depth) {
            if (depth > MAX_PAYLOAD_DEPTH) {
                throw new InvalidEventException("payload nests deeper than " + MAX_PAYLOAD_DEPTH + " levels");
            }
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    TextRules.requireWellFormed(path + " key", e.getKey());
                    if (e.getKey().length() > MAX_NAME_CHARS) {
                        throw new InvalidEventException(path + " has a member name of " + e.getKey().length()
                                + " chars, over " + MAX_NAME_CHARS);
                    }
                    checkTree(e.getValue(), path + "." + e.getKey(), depth + 1);
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    checkTree(node.get(i), path + "[" + i + "]", depth + 1);
                }
            } else if (node.isTextual()) {
                TextRules.requireWellFormed(path, node.textValue());
            } else if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
                throw new InvalidEventException(path + " is " + node.doubleValue() + "; JSON has no NaN or Infinity");
            } else if (node.isBigInteger() || node.isBigDecimal()) {
                int stored = CanonicalJson.number(node).length();
                if (stored > MAX_NUMBER_DIGITS) {
                    throw new InvalidEventException(path + " is a number of " + stored + " chars as stored, over "
                            + MAX_NUMBER_DIGITS);
                }
            } else if (node.isPojo() || node.isBinary()) {
                throw new InvalidEventException(path + " is not plain JSON (" + node.getNodeType() + ")");
            }
        }
    }
}
