package dev.chainlog.bench;

import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every benchmark shares: where the data goes, what an event looks like, and the bytes the baselines write.
 *
 * <p><b>Folders.</b> Every trial works in a fresh folder under {@code -Dchainlog.bench.dir} (default: the JVM's temp
 * folder), deleted at the end of the trial. It must be a real disk (not tmpfs), or fsync costs nothing;
 * {@code benchmarks/run.sh} prints the file system it uses.
 *
 * <p><b>The event.</b> Like the README's example: a kind, a source and a JSON-object payload given as a {@link Map};
 * the payload is padded so that its compact JSON is exactly {@code payloadBytes} long (100 B or 1 KiB). A caller
 * builds a new {@link Event} per append, so the benchmarks do too: the Jackson conversion of the payload is part of
 * the measured cost, as are the chain hash, the entry encoding and the index writes.
 *
 * <p><b>The baselines' bytes.</b> {@link #storedValue(int)} is the stored value chainlog writes for that event (taken
 * from a real append to an in-memory log), so the raw RocksDB, disk and peer baselines write the same bytes that
 * chainlog hashes and stores, under an 8-byte big-endian seq key.
 */
public final class Support {
    public static final String KIND = "user.login";
    public static final String SOURCE = "bench";
    private static final Map<Integer, Map<String, Object>> PAYLOADS = new java.util.concurrent.ConcurrentHashMap<>();

    private Support() {
    }

    /** The folder under which each trial makes its own fresh folder. */
    public static Path baseDir() {
        String dir = System.getProperty("chainlog.bench.dir");
        Path p = Path.of(dir != null && !dir.isBlank() ? dir : System.getProperty("java.io.tmpdir"));
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A new, empty folder for one trial. */
    public static Path freshDir(String prefix) {
        try {
            return Files.createTempDirectory(baseDir(), "chainlog-bench-" + prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON-object payload whose compact encoding is exactly {@code bytes} long (at least 40). */
    public static Map<String, Object> payload(int bytes) {
        return PAYLOADS.computeIfAbsent(bytes, Support::makePayload);
    }

    private static Map<String, Object> makePayload(int bytes) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("user", "ada");
        p.put("ok", Boolean.TRUE);
        p.put("pad", "");
        int base = json(p).length;
        if (bytes < base) {
            throw new IllegalArgumentException("payload of " + bytes + " B is smaller than the fixed fields (" + base + " B)");
        }
        p.put("pad", "x".repeat(bytes - base));
        if (json(p).length != bytes) {
            throw new IllegalStateException("payload is " + json(p).length + " B, wanted " + bytes);
        }
        return Collections.unmodifiableMap(p);
    }

    private static byte[] json(Map<String, Object> p) {
        try {
            return dev.chainlog.chain.Json.MAPPER.writeValueAsBytes(p);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a caller does before each append: build the event from its payload. */
    public static Event event(int payloadBytes) {
        return Event.builder(KIND).source(SOURCE).payload(payload(payloadBytes)).build();
    }

    public static List<Event> events(int payloadBytes, int n) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(event(payloadBytes));
        }
        return out;
    }

    /** The stored value (compact JSON entry, as hashed) that chainlog writes for {@link #event(int)}. */
    public static byte[] storedValue(int payloadBytes) {
        try (EventLog log = EventLogs.open(EventLogConfig.memory())) {
            // Not seq 1: a realistic seq has more digits; the value length differs by a few bytes at most.
            Entry e = null;
            for (int i = 0; i < 3; i++) {
                e = log.append(event(payloadBytes));
            }
            return e.storedValue();
        }
    }

    /** The 8-byte big-endian seq key chainlog uses for entries. */
    public static byte[] seqKey(long seq) {
        byte[] k = new byte[8];
        for (int i = 7; i >= 0; i--) {
            k[i] = (byte) seq;
            seq >>>= 8;
        }
        return k;
    }

    /** Opens a rocksdb-backed chainlog in {@code dir} (through ServiceLoader, as users do). */
    public static EventLog openLog(Path dir, Durability durability) {
        return EventLogs.open(EventLogConfig.builder().path(dir).durability(durability).build());
    }

    /**
     * Fills a log with {@code n} entries quickly: NONE durability (no WAL; the close flushes), batches of 10,000.
     * Returns up to {@code sampleUuids} uuids of entries spread over the log.
     */
    public static List<String> fill(Path dir, long n, int payloadBytes, int sampleUuids) {
        List<String> uuids = new ArrayList<>();
        if (n == 0) {
            try (EventLog log = openLog(dir, Durability.NONE)) {
                log.head();
            }
            return uuids;
        }
        int batch = 10_000;
        long every = Math.max(1, n / Math.max(1, sampleUuids));
        Event e = event(payloadBytes); // an event without uuid gets a fresh uuid per append
        List<Event> events = Collections.nCopies(batch, e);
        try (EventLog log = openLog(dir, Durability.NONE)) {
            long done = 0;
            while (done < n) {
                int k = (int) Math.min(batch, n - done);
                List<Entry> entries = log.appendBatch(k == batch ? events : events.subList(0, k));
                for (Entry entry : entries) {
                    if (entry.seq() % every == 0 && uuids.size() < sampleUuids) {
                        uuids.add(entry.uuid());
                    }
                }
                done += k;
            }
        }
        return uuids;
    }
}
