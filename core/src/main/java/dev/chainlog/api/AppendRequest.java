package dev.chainlog.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainlog.chain.Json;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One atomic append: one or more events that get consecutive seqs and are stored all together or not at all.
 *
 * @param events     the events, in the order they get seqs; 1 to {@link #MAX_EVENTS}
 * @param requestId  idempotency key (docs/DESIGN.md: Idempotency), or null: a request with the same id and the same
 * events is
 *                   applied once, and a retry returns the entries of the first application
 * @param durability null to use the log's durability; otherwise a mode at least as strong as the log's (a
 *                   weaker write could survive while an earlier one is lost, breaking the prefix guarantee)
 */
public record AppendRequest(List<Event> events, String requestId, Durability durability) {
    /** Upper bound of a batch, so one request cannot monopolise the writer or build a giant write batch. */
    public static final int MAX_EVENTS = 100_000;

    public AppendRequest {
        if (events == null || events.isEmpty()) {
            throw new InvalidEventException("an append needs at least one event");
        }
        if (events.size() > MAX_EVENTS) {
            throw new InvalidEventException("a batch holds at most " + MAX_EVENTS + " events, got " + events.size());
        }
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) == null) {
                throw new InvalidEventException("event " + i + " of the batch is null");
            }
        }
        events = List.copyOf(events);
        requestId = TextRules.optional("request id", requestId);
    }

    /** The fields of {@link #fromJson}, and nothing else. */
    private static final Set<String> JSON_FIELDS = Set.of("kind", "payload", "source", "reqId", "uuid", "meta");

    /**
     * One append from a JSON object, the JSON Lines form {@code chainlog append} reads:
     * {@code {"kind":K,"payload":{..},"source":S,"reqId":R,"uuid":U,"meta":{"k":"v",..}}} — kind required, the rest
     * optional ({@code null} counts as absent). Read as strictly as everything chainlog reads: duplicate keys,
     * unknown fields and wrong types are refused.
     *
     * @throws InvalidEventException naming what is wrong
     */
    public static AppendRequest fromJson(String json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            throw new InvalidEventException("not valid JSON: " + (m.indexOf('\n') < 0 ? m : m.substring(0, m.indexOf('\n'))));
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new InvalidEventException("an append is a JSON object");
        }
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!JSON_FIELDS.contains(f)) {
                throw new InvalidEventException("unknown field '" + f + "'; fields are " + new TreeSet<>(JSON_FIELDS));
            }
        }
        Event.Builder b = Event.builder(text(obj, "kind")).source(text(obj, "source")).uuid(text(obj, "uuid"));
        JsonNode meta = obj.get("meta");
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject()) {
                throw new InvalidEventException("meta must be an object of strings");
            }
            for (Map.Entry<String, JsonNode> e : meta.properties()) {
                if (!e.getValue().isTextual()) {
                    throw new InvalidEventException("meta." + e.getKey() + " must be a string");
                }
                b.meta(e.getKey(), e.getValue().textValue());
            }
        }
        JsonNode payload = obj.get("payload");
        if (payload != null && !payload.isNull()) {
            if (!payload.isObject()) {
                throw new InvalidEventException("payload must be a JSON object");
            }
            b.payload(payload);
        }
        return new AppendRequest(List.of(b.build()), text(obj, "reqId"), null);
    }

    private static String text(ObjectNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidEventException(field + " must be a string");
        }
        return n.textValue();
    }

    public static AppendRequest of(Event event) {
        return new AppendRequest(List.of(event), null, null);
    }

    public static AppendRequest batch(List<Event> events) {
        return new AppendRequest(events, null, null);
    }

    public AppendRequest withRequestId(String id) {
        return new AppendRequest(events, id, durability);
    }

    public AppendRequest withDurability(Durability d) {
        return new AppendRequest(events, requestId, d);
    }
}
