package dev.chainlog.contract;

import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.Page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The helpers the tests of every module share, once (chainlog-core's test-jar): test events and appends, a log's
 * retained entries, the chain and verify checks, test vectors, and removing a test's folders.
 */
public final class TestKit {
    private TestKit() {
    }

    /** Test event {@code i}: kind {@code test.event}, one of three sources, payload {@code {"i": i}}. */
    public static Event event(int i) {
        return Event.builder("test.event").source("src-" + (i % 3)).payload(Map.of("i", i)).build();
    }

    /** Appends {@link #event}s 1..n, one append each. */
    public static List<Entry> appendN(EventLog log, int n) {
        return appendN(log, 1, n);
    }

    /** Appends {@link #event}s from..from+n-1, one append each. */
    public static List<Entry> appendN(EventLog log, int from, int n) {
        return IntStream.range(from, from + n).mapToObj(i -> log.append(event(i))).toList();
    }

    /** Every retained entry, in seq order, read page by page. */
    public static List<Entry> all(EventLog log) {
        List<Entry> out = new ArrayList<>();
        long since = Math.max(0, log.logStartSeq() - 1);
        while (true) {
            Page p = log.read(since, 10_000);
            if (p.entries().isEmpty()) {
                return out;
            }
            out.addAll(p.entries());
            since = p.nextSince();
        }
    }

    public static List<Long> seqs(List<Entry> entries) {
        return entries.stream().map(Entry::seq).toList();
    }

    public static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    public static void assertIntact(IntegrityReport report) {
        assertIntact(report, "");
    }

    /** Verify found nothing; {@code ctx} says where, in the failure message. */
    public static void assertIntact(IntegrityReport report, String ctx) {
        assertTrue(report.ok(), () -> prefix(ctx) + "verify failed: " + report.summary());
    }

    public static void assertChained(List<Entry> entries) {
        assertChained(entries, "");
    }

    /** Gap-free and chained: each entry names its predecessor's hash, the chain a reader can check without the log. */
    public static void assertChained(List<Entry> entries, String ctx) {
        for (int i = 1; i < entries.size(); i++) {
            Entry a = entries.get(i - 1);
            Entry b = entries.get(i);
            if (a.seq() + 1 != b.seq()) {
                throw new AssertionError(prefix(ctx) + "gap between seq " + a.seq() + " and " + b.seq());
            }
            if (!a.hash().equals(b.prev())) {
                throw new AssertionError(prefix(ctx) + "chain break at seq " + b.seq());
            }
        }
    }

    /** A copy of a test vector (core/src/test/resources/vectors, docs/FORMAT.md §4) as a file in {@code dir}. */
    public static Path vector(String name, Path dir) throws IOException {
        try (InputStream in = TestKit.class.getResourceAsStream("/vectors/" + name)) {
            return Files.write(dir.resolve(name), in.readAllBytes());
        }
    }

    /** Removes {@code root} and everything below it; nothing when it does not exist. */
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

    private static String prefix(String ctx) {
        return ctx.isEmpty() ? "" : ctx + ": ";
    }
}
