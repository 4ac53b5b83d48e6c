package dev.chainlog.reliability;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The crash loop's requests, rebuilt from their request id alone: the parent retries a request the child reported
 * acknowledged by rebuilding exactly the same body, so an idempotent retry must return the original entries.
 *
 * <p>A request id reads {@code TAG.THREAD.N.K.U}: K events, U = 1 when the caller gives each event a uuid.
 */
final class Workload {
    private Workload() {
    }

    static String requestId(String tag, String thread, long n, int k, boolean uuids) {
        return tag + "." + thread + "." + n + "." + k + "." + (uuids ? 1 : 0);
    }

    static int size(String requestId) {
        return Integer.parseInt(requestId.split("\\.")[3]);
    }

    static AppendRequest request(String requestId) {
        String[] parts = requestId.split("\\.");
        int k = Integer.parseInt(parts[3]);
        boolean uuids = parts[4].equals("1");
        List<Event> events = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("req", requestId);
            payload.put("i", i);
            payload.put("k", k);
            payload.put("pad", pad(requestId, i));
            Event.Builder b = Event.builder("crash." + parts[1]).source("src-" + parts[1]).meta("req", requestId)
                    .meta("i", Integer.toString(i)).payload(payload);
            if (uuids) {
                b.uuid(requestId + "/" + i);
            }
            events.add(b.build());
        }
        return new AppendRequest(events, requestId, null);
    }

    static Event single(String tag, long n) {
        return Event.builder("crash.single").source("src-single")
                .payload(Map.of("t", tag, "n", n, "pad", pad(tag + n, 0))).build();
    }

    /** 0..239 chars, deterministic, so entries have varied sizes (and WAL records cross block boundaries). */
    private static String pad(String seed, int i) {
        int h = Math.abs((seed.hashCode() * 31 + i) % 240);
        StringBuilder sb = new StringBuilder(h);
        for (int j = 0; j < h; j++) {
            sb.append((char) ('a' + (j * 7 + h) % 26));
        }
        return sb.toString();
    }
}
