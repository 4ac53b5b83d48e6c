package dev.chainlog.rocksdb;

import dev.chainlog.api.Backend;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;


/** Helpers of this module's tests (those every module shares are {@code contract.TestKit}'s). */
final class TestLogs {
    private TestLogs() {
    }

    /**
     * A child JVM running {@code main} on this test's class path, with its own {@code java.io.tmpdir} inside
     * {@code scratch}: RocksDB extracts its native library (~17 MB) into the temp folder, and a child killed with
     * SIGKILL cannot delete it, so it must land where the test's temp folder takes it away.
     */
    static ProcessBuilder childJvm(Path scratch, Class<?> main, String... args) {
        Path tmp = scratch.resolve("child-tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /** What a child wrote into its standard error file {@code file}, for a failure message. */
    static String stderr(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    static EventLogConfig.Builder config(Path dir) {
        return EventLogConfig.builder().backend(Backend.ROCKSDB).path(dir);
    }

    /** Opens through the public factory (and so through the ServiceLoader-registered provider). */
    static EventLog open(Path dir) {
        return EventLogs.open(EventLogConfig.rocksdb(dir));
    }

    /** Total size of the regular files under {@code dir}. */
    static long folderSize(Path dir) {
        File[] files = dir.toFile().listFiles();
        long total = 0;
        for (File f : files == null ? new File[0] : files) {
            total += f.length(); // 0 for a file RocksDB deleted meanwhile
        }
        return total;
    }

    /** Name → (size, modification time) of every file under {@code dir}: what "nothing changed" compares. */
    static Map<String, String> listing(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    out.put(dir.relativize(p).toString(), a.size() + "@" + a.lastModifiedTime().toMillis());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
