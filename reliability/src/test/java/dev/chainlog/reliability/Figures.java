package dev.chainlog.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The suite's evidence, as counts: rounds, kills, faults, fuzz cases, entries checked, entries lost. Tests add to
 * named counters; {@link FiguresListener} prints them and writes {@code target/reliability/figures.txt} when the test
 * plan ends (and {@code figures-<profile>-<time>.txt} beside it, so runs are kept).
 */
final class Figures {
    private static final Map<String, AtomicLong> COUNTERS = new ConcurrentHashMap<>();
    private static final Map<String, String> NOTES = new ConcurrentHashMap<>();

    private Figures() {
    }

    static void add(String name, long delta) {
        COUNTERS.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(delta);
    }

    static void inc(String name) {
        add(name, 1);
    }

    static void max(String name, long value) {
        COUNTERS.computeIfAbsent(name, k -> new AtomicLong()).accumulateAndGet(value, Math::max);
    }

    static long get(String name) {
        AtomicLong v = COUNTERS.get(name);
        return v == null ? 0 : v.get();
    }

    /** A free-text observation (an assumption taken, a mechanism used), printed with the figures. */
    static void note(String name, String text) {
        NOTES.put(name, text);
    }

    static boolean isEmpty() {
        return COUNTERS.isEmpty() && NOTES.isEmpty();
    }

    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("chainlog reliability figures (profile ").append(Settings.profile()).append(", master seed ")
                .append(Settings.SEED).append(", ").append(Instant.now()).append(")\n");
        new TreeMap<>(COUNTERS).forEach((k, v) -> sb.append(String.format("  %-44s %,d%n", k, v.get())));
        new TreeMap<>(NOTES).forEach((k, v) -> sb.append("  note ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    static void write() {
        if (isEmpty()) {
            return;
        }
        String text = render();
        System.out.println();
        System.out.print(text);
        try {
            Path dir = Settings.outDir();
            Files.writeString(dir.resolve("figures.txt"), text, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("figures-" + Settings.profile() + "-" + System.currentTimeMillis() + ".txt"),
                    text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            System.err.println("[reliability] could not write the figures: " + e);
        }
    }
}
