package dev.chainlog.reliability;

import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.contract.TestKit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Helpers over logs and log folders shared by the suite. */
final class Logs {
    private Logs() {
    }

    static EventLogConfig config(Path dir, Durability mode) {
        return EventLogConfig.builder().path(dir).durability(mode).build();
    }

    /** A log that is a gap-free prefix (after its pruned part): logStartSeq..head, all present, chained. */
    static List<Entry> assertRetainedRange(EventLog log, String ctx) {
        long head = log.head().seq();
        long start = log.logStartSeq();
        List<Entry> entries = TestKit.all(log);
        assertEquals(Math.max(0, head - start + 1), entries.size(),
                ctx + ": retained entries " + start + ".." + head + " must all be readable");
        if (!entries.isEmpty()) {
            assertEquals(start, entries.get(0).seq(), ctx + ": first retained entry");
            assertEquals(log.head().hash(), entries.get(entries.size() - 1).hash(), ctx + ": head hash");
        }
        TestKit.assertChained(entries, ctx);
        return entries;
    }

    /** Copies a log folder to {@code target/reliability/failed/NAME} so a failure can be examined afterwards. */
    static Path keepForPostMortem(Path dir, String name) {
        Path target = Settings.outDir().resolve("failed").resolve(name + "-" + System.currentTimeMillis());
        try {
            Files.createDirectories(target);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.toList()) {
                        Path to = target.resolve(dir.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[reliability] could not keep " + dir + ": " + e);
        }
        return target;
    }

    /** Name → size of every file under {@code dir}. */
    static Map<String, Long> listing(Path dir) {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p)) {
                    out.put(dir.relativize(p).toString(), Files.size(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static long folderBytes(Path dir) {
        return listing(dir).values().stream().mapToLong(Long::longValue).sum();
    }
}
