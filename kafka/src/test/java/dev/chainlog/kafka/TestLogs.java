package dev.chainlog.kafka;

import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.checkpoint.CheckpointPolicy;
import dev.chainlog.checkpoint.NoteKeys;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.NoteVerifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** RocksDB logs in folders under target/, audit-like events, and one signing key per test JVM. */
final class TestLogs {
    static final KeyPair KEYS = NoteKeys.generate();
    static final String KEY_NAME = "audit.example/kafka-tests";

    private TestLogs() {
    }

    static Path folder(String name) {
        try {
            return Files.createDirectories(Path.of(System.getProperty("chainlog.kafka.out", "target/kafka-tests"),
                    "logs", name + "-" + System.nanoTime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EventLog open(Path dir) {
        return open(dir, b -> b);
    }

    static EventLog open(Path dir, UnaryOperator<EventLogConfig.Builder> settings) {
        return EventLogs.open(settings.apply(EventLogConfig.builder().backend("rocksdb").path(dir)).build());
    }

    static NoteSigner signer() {
        return new NoteSigner(KEY_NAME, KEYS.getPrivate(), KEYS.getPublic());
    }

    static List<NoteVerifier.Key> trusted() {
        return List.of(new NoteVerifier.Key(KEY_NAME, KEYS.getPublic()));
    }

    /** A policy that signs a checkpoint every {@code every} entries and hands each note to {@code heard}. */
    static CheckpointPolicy checkpointsEvery(long every, List<String> heard) {
        return new CheckpointPolicy(List.of(signer()), every, null, note -> {
            synchronized (heard) {
                heard.add(note.format());
            }
        });
    }

    static Event event(long i) {
        return Event.builder("order.placed").source("shop-" + (i % 4)).meta(Map.of("world_id", "w" + (i % 7)))
                .payload(Map.of("order", i, "amount", i * 3 % 1000, "currency", "EUR")).build();
    }

    static List<Event> events(long from, int n) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(event(from + i));
        }
        return out;
    }
}
