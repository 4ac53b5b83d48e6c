package dev.chainlog.bench;

import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;

import java.util.Map;

/**
 * Realistic audit events (issue 16), shaped like the demo's: a kind ({@code user.login} one time in ten,
 * {@code file.read} otherwise), a source per writer thread ({@code service-N}), a {@code world_id} meta label and a
 * 3-field payload ({@code user}, {@code path}, {@code bytes}) whose values change with every event. About 220 bytes
 * stored.
 *
 * <p>Two ways a caller hands over the payload, both measured: as a {@link Map} (the log encodes it canonically), or
 * as JSON text the caller already has ({@code payloadJson}, parsed and canonicalised by the log). The raw baselines
 * write {@link #storedValues} — the stored values chainlog writes for the same events, taken from real appends to an
 * in-memory log — so both sides write the same bytes.
 */
public final class AuditEvents {
    /** How the caller gives the payload. */
    public enum Form { MAP, JSON }

    /** Distinct stored values the raw baselines cycle through (a power of two). */
    static final int VALUES = 1024;

    private AuditEvents() {
    }

    /** The {@code i}-th event of writer {@code source}. */
    public static Event event(long i, String source, Form form) {
        Event.Builder b = Event.builder(i % 10 == 0 ? "user.login" : "file.read").source(source)
                .meta("world_id", "w" + (i % 3));
        String user = "user-" + (i % 97);
        String path = "/data/" + i;
        long bytes = i * 31;
        if (form == Form.MAP) {
            return b.payload(Map.of("user", user, "path", path, "bytes", bytes)).build();
        }
        return b.payloadJson("{\"user\":\"" + user + "\",\"path\":\"" + path + "\",\"bytes\":" + bytes + "}").build();
    }

    /**
     * The stored values chainlog writes for events 1,000,000 .. 1,000,000 + {@link #VALUES} of source
     * {@code service-0} (seqs of 7 digits, as in a log that has run a while).
     */
    static byte[][] storedValues() {
        byte[][] out = new byte[VALUES][];
        try (EventLog log = EventLogs.open(EventLogConfig.memory())) {
            for (int i = 0; i < VALUES; i++) {
                Entry e = log.append(event(1_000_000 + i, "service-0", Form.MAP));
                out[i] = e.storedValue();
            }
        }
        return out;
    }
}
