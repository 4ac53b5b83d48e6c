package dev.chainlog.api;

import java.util.List;

/**
 * One atomic append: one or more events that get consecutive seqs and are stored all together or not at all.
 *
 * @param events     the events, in the order they get seqs; 1 to {@link #MAX_EVENTS}
 * @param requestId  idempotency key (DESIGN.md G5), or null: a request with the same id and the same events is
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
