package dev.chainlog.rocksdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every path chainlog hands to RocksDB means the folder the user named ({@link RocksPaths}): one RocksDB would
 * read as another folder is refused with a {@code ConfigException} naming the character, and nothing is created;
 * every other path works, non-ASCII ones included. Each case runs in a child JVM ({@link PathsChild}) with the
 * locale it needs, so the result does not depend on the locale of the machine running the tests (this JVM's
 * {@code sun.jnu.encoding} is UTF-8 or ASCII depending on it). Non-ASCII characters are written {@code {U+XXXX}}
 * in the children's arguments and output.
 */
class RocksPathsTest {
    private static final String UTF8 = "C.UTF-8";
    private static final String EMOJI = "{U+1F600}";

    @TempDir
    Path tmp;

    @Test
    void aCharacterOutsideTheBmpIsRefusedAndNothingIsCreated() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        List<String> out = inChild(UTF8, "jnu", "write|" + logs + "/log" + EMOJI, "read|" + logs + "/log" + EMOJI,
                "write|" + logs + "/" + EMOJI + "/log", "list|" + logs);
        assertEquals("UTF-8", out.get(0), "the child's locale");
        for (String refusal : out.subList(1, 4)) {
            assertOutsideBmp(refusal, "the log folder " + logs);
        }
        assertEquals("NAMES []", out.get(4), "neither the named folder nor a mangled sibling, nor a parent");
    }

    /**
     * The mechanism, with RocksDB alone: given {@code log😀}, it creates a folder whose name is two modified-UTF-8
     * surrogates, not valid UTF-8 (Java lists it with U+FFFD). That folder, listed by Java, is refused as well.
     */
    @Test
    void rocksDbAloneWritesASiblingWhoseNameJavaCannotReadBack() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        List<String> out = inChild(UTF8, "rocksdb|" + logs + "/log" + EMOJI, "list|" + logs, "write|listed:" + logs,
                "list|" + logs);
        assertEquals("OK", out.get(0));
        assertEquals("NAMES [log{U+FFFD}{U+FFFD}]", out.get(1), "not log" + EMOJI);
        assertTrue(out.get(2).startsWith("REFUSED ConfigException cannot use the log folder " + logs + "/log{U+FFFD}")
                && out.get(2).contains("not valid in this JVM's file name encoding, sun.jnu.encoding=UTF-8"), out.get(2));
        assertEquals(out.get(1), out.get(3));
    }

    /** The backup target, the read-only open's temporary folder, and a folder reached through a symlink. */
    @Test
    void everyOtherPathHandedToRocksDbIsCheckedToo() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Path temp = tmp.resolve("temp" + EMOJI);
        List<String> out = inChild(UTF8, "write|" + logs + "/log", "backup|" + logs + "/log|" + tmp + "/backups/"
                        + EMOJI, "list|" + tmp, "mkdir|" + temp, "tmpdir|" + temp, "read|" + logs + "/log",
                "list|" + temp, "mkdir|" + tmp + "/real" + EMOJI, "symlink|" + tmp + "/link|" + tmp + "/real" + EMOJI,
                "write|" + tmp + "/link", "list|" + tmp + "/real" + EMOJI);
        assertEquals("OK head=3", out.get(0));
        assertOutsideBmp(out.get(1), "the backup folder " + tmp + "/backups/" + EMOJI);
        assertEquals("NAMES [child-tmp, logs]", out.get(2), "no backups folder created");
        assertOutsideBmp(out.get(5), "the temporary folder (java.io.tmpdir) of a read-only open " + temp);
        assertEquals("NAMES []", out.get(6), "no secondary folder created");
        assertOutsideBmp(out.get(9), "the log folder " + tmp + "/real" + EMOJI); // RocksDB is given the real path
        assertEquals("NAMES []", out.get(10));
    }

    @Test
    void bmpCharactersWorkUnderAUtf8Locale() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        String accent = logs + "/log-{U+00E9}";
        String cjk = logs + "/{U+65E5}{U+5FD7}";
        List<String> out = inChild(UTF8, "write|" + accent, "read|" + accent, "write|" + accent, "write|" + cjk,
                "read|" + cjk, "list|" + logs, "list|" + accent);
        assertEquals(List.of("OK head=3", "OK head=3", "OK head=6", "OK head=3", "OK head=3",
                "NAMES [log-{U+00E9}, {U+65E5}{U+5FD7}]"), out.subList(0, 6), "the folders have exactly those names");
        assertTrue(out.get(6).contains("CURRENT"), out.get(6));
    }

    /**
     * Under {@code LANG=C} (JDK 17: {@code sun.jnu.encoding} ANSI_X3.4-1968) Java cannot name a non-ASCII file: a
     * path built from a string with {@code é} throws InvalidPathException (Java's own refusal), and one listed from
     * disk keeps its bytes but reads as U+FFFD, which RocksDB would be given. chainlog refuses the latter; ASCII
     * paths work.
     */
    @Test
    void aNonUtf8LocaleRefusesNonAsciiPathsAndKeepsAscii() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        assertEquals(List.of("OK head=3"), inChild(UTF8, "write|" + logs + "/log-{U+00E9}"));

        List<String> out = inChild("C", "jnu", "write|listed:" + logs, "read|listed:" + logs,
                "write|" + logs + "/log-{U+00E9}", "write|" + tmp + "/ascii", "read|" + tmp + "/ascii");
        assertEquals("ANSI_X3.4-1968", out.get(0), "the child's locale");
        for (String refusal : out.subList(1, 3)) {
            assertTrue(refusal.startsWith("REFUSED ConfigException cannot use the log folder " + logs)
                    && refusal.contains("U+FFFD") && refusal.contains("ANSI_X3.4-1968")
                    && refusal.contains("LANG=C.UTF-8"), refusal);
        }
        assertTrue(out.get(3).startsWith("REFUSED InvalidPathException"), out.get(3));
        assertEquals(List.of("OK head=3", "OK head=3"), out.subList(4, 6));

        assertEquals(List.of("NAMES [log-{U+00E9}]", "OK head=3"),
                inChild(UTF8, "list|" + logs, "read|" + logs + "/log-{U+00E9}"), "no sibling, the log unchanged");
    }

    private static void assertOutsideBmp(String line, String what) {
        assertTrue(line.startsWith("REFUSED ConfigException cannot use " + what) && line.contains("(U+1F600)")
                && line.contains("outside Unicode's Basic Multilingual Plane"), line);
    }

    /** Runs {@link PathsChild} with {@code steps} under {@code locale}; its output lines. */
    private List<String> inChild(String locale, String... steps) throws IOException, InterruptedException {
        Path stderr = tmp.resolve("child-tmp").resolve("stderr.txt"); // childJvm makes the folder
        ProcessBuilder pb = TestLogs.childJvm(tmp, PathsChild.class, steps).redirectError(stderr.toFile());
        pb.environment().put("LANG", locale);
        pb.environment().put("LC_ALL", locale);
        Process child = pb.start();
        List<String> lines;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            lines = in.lines().toList();
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not finish");
        assertEquals(0, child.exitValue(), () -> "the child failed: " + TestLogs.stderr(stderr));
        assertEquals(steps.length, lines.size(), () -> lines + " " + TestLogs.stderr(stderr));
        return lines;
    }
}
