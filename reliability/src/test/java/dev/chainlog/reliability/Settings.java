package dev.chainlog.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The suite's knobs, from system properties (Maven passes {@code -Dname=value} through to the test JVM).
 *
 * <ul>
 *   <li>{@code chainlog.reliability.profile=long}: the long run (every figure below at its long value)</li>
 *   <li>{@code chainlog.reliability.rounds}: crash-loop rounds, split over SYNC, WAL and NONE (CI 30, long 600)</li>
 *   <li>{@code chainlog.reliability.fuzz}: generated bad-input cases over all fuzz tests (CI 4,000, long 120,000)</li>
 *   <li>{@code chainlog.reliability.openClose}: open/close cycles of the hygiene test (CI 500, long 10,000)</li>
 *   <li>{@code chainlog.reliability.entries}: entries appended by the hygiene test (CI 200,000, long 1,000,000)</li>
 *   <li>{@code chainlog.reliability.seed}: the master seed (default: the clock); every test prints the seed it
 *       derived, and the same seed replays the same random choices (thread interleavings and kill moments still
 *       differ, so a crash round is reproduced in kind, not byte for byte)</li>
 * </ul>
 */
final class Settings {
    static final boolean LONG = "long".equalsIgnoreCase(System.getProperty("chainlog.reliability.profile", ""));
    static final long SEED = Long.getLong("chainlog.reliability.seed", System.nanoTime());

    private Settings() {
    }

    static int crashRounds() {
        return Integer.getInteger("chainlog.reliability.rounds", LONG ? 600 : 30);
    }

    static int fuzzCases() {
        return Integer.getInteger("chainlog.reliability.fuzz", LONG ? 120_000 : 4_000);
    }

    static int openCloseCycles() {
        return Integer.getInteger("chainlog.reliability.openClose", LONG ? 10_000 : 500);
    }

    static int hygieneEntries() {
        return Integer.getInteger("chainlog.reliability.entries", LONG ? 1_000_000 : 200_000);
    }

    /** A seed for one test, derived from the master seed and the test's name. */
    static long seed(String test) {
        long s = SEED ^ (test.hashCode() * 0x9E3779B97F4A7C15L);
        System.out.println("[reliability] " + test + ": seed " + s + " (master seed " + SEED
                + "; rerun with -Dchainlog.reliability.seed=" + SEED + ")");
        return s;
    }

    /** {@code target/reliability}: figures, copies of failed logs, scratch space for child JVMs. */
    static Path outDir() {
        Path p = Path.of(System.getProperty("chainlog.reliability.out", "target/reliability")).toAbsolutePath();
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String profile() {
        return LONG ? "long" : "ci";
    }
}
