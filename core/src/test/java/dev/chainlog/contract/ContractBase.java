package dev.chainlog.contract;

import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.IntegrityReport;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared plumbing of the contract tests: each backend's subclass supplies the {@link LogFixture}. */
public abstract class ContractBase {
    private LogFixture fixture;

    protected abstract LogFixture fixture();

    protected LogFixture logs() {
        if (fixture == null) {
            fixture = fixture();
        }
        return fixture;
    }

    @AfterEach
    void closeLogs() {
        if (fixture != null) {
            fixture.closeAll();
        }
    }

    protected static Event event(int i) {
        return Event.builder("test.event").source("src-" + (i % 3)).payload(Map.of("i", i)).build();
    }

    protected static List<Entry> appendN(EventLog log, int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> log.append(event(i))).toList();
    }

    protected static List<Long> seqs(List<Entry> entries) {
        return entries.stream().map(Entry::seq).toList();
    }

    protected static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** A copy of a test vector (core/src/test/resources/vectors, docs/FORMAT.md §4) as a file in {@code dir}. */
    protected static Path vector(String name, Path dir) throws IOException {
        try (InputStream in = ContractBase.class.getResourceAsStream("/vectors/" + name)) {
            return Files.write(dir.resolve(name), in.readAllBytes());
        }
    }

    protected static void assertIntact(IntegrityReport report) {
        assertTrue(report.ok(), () -> "verify failed: " + report.summary());
    }

    /** Every entry's prev names its predecessor's hash: the chain a reader can check without the log. */
    protected static void assertChained(List<Entry> entries) {
        for (int i = 1; i < entries.size(); i++) {
            assertEquals(entries.get(i - 1).seq() + 1, entries.get(i).seq(), "gap at " + i);
            assertEquals(entries.get(i - 1).hash(), entries.get(i).prev(), "chain break at seq " + entries.get(i).seq());
        }
    }
}
