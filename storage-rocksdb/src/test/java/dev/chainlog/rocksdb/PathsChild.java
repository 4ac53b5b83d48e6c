package dev.chainlog.rocksdb;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;
import dev.chainlog.contract.TestKit;

import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs {@link RocksPathsTest}'s steps in a JVM with the locale the test chose. Each argument is one step, its
 * parts separated by {@code |}; each step prints one line. Arguments and output are ASCII, whatever the locale:
 * a non-ASCII character is written {@code {U+XXXX}}. A path part {@code listed:DIR} is the one entry of folder
 * {@code DIR} as Java lists it (a path that keeps the name's bytes, whatever Java makes of them as a string).
 * <ul>
 *   <li>{@code jnu}: prints the JVM's {@code sun.jnu.encoding};</li>
 *   <li>{@code write|PATH}: opens the log to write, appends 3 entries, closes it; prints {@code OK head=3};</li>
 *   <li>{@code read|PATH}: opens the log read-only; prints {@code OK head=N};</li>
 *   <li>{@code backup|PATH|TARGET}: opens the log to write and backs it up into {@code TARGET};</li>
 *   <li>{@code tmpdir|PATH}: sets {@code java.io.tmpdir}, where a read-only open puts its temporary folder;</li>
 *   <li>{@code mkdir|PATH}, {@code symlink|LINK|TARGET}: as {@code Files} does them;</li>
 *   <li>{@code rocksdb|PATH}: has RocksDB itself create a database at {@code PATH}, past chainlog's checks;</li>
 *   <li>{@code list|DIR}: prints {@code NAMES [a, b]}, the sorted names in {@code DIR}.</li>
 * </ul>
 * A step that throws prints {@code REFUSED <exception class> <message>}.
 */
public final class PathsChild {
    private static final Pattern ESCAPE = Pattern.compile("\\{U\\+([0-9A-F]{4,6})}");

    private PathsChild() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        for (String step : args) {
            String[] part = step.split("\\|");
            String line;
            try {
                line = run(part);
            } catch (IOException | RuntimeException e) { // ChainlogException, InvalidPathException, ...
                line = "REFUSED " + e.getClass().getSimpleName() + " " + e.getMessage();
            }
            out.println(escape(line));
        }
    }

    private static String run(String[] part) throws IOException {
        switch (part[0]) {
            case "jnu":
                return System.getProperty("sun.jnu.encoding");
            case "write":
                try (EventLog log = EventLogs.open(TestLogs.config(path(part[1])).build())) {
                    TestKit.appendN(log, 1, 3);
                    return "OK head=" + log.head().seq();
                }
            case "read":
                try (EventLog log = EventLogs.openReadOnly(TestLogs.config(path(part[1])).build())) {
                    return "OK head=" + log.head().seq();
                }
            case "backup":
                try (EventLog log = EventLogs.open(TestLogs.config(path(part[1])).build())) {
                    log.backup(path(part[2]));
                    return "OK";
                }
            case "tmpdir":
                System.setProperty("java.io.tmpdir", unescape(part[1]));
                return "OK";
            case "mkdir":
                Files.createDirectories(path(part[1]));
                return "OK";
            case "rocksdb":
                RocksDB.loadLibrary();
                try (Options o = new Options().setCreateIfMissing(true)) {
                    RocksDB.open(o, unescape(part[1])).close();
                    return "OK";
                } catch (RocksDBException e) {
                    throw new IllegalStateException(e);
                }
            case "symlink":
                Files.createSymbolicLink(path(part[1]), path(part[2]));
                return "OK";
            case "list":
                try (Stream<Path> s = Files.list(path(part[1]))) {
                    return "NAMES " + s.map(p -> p.getFileName().toString()).sorted().toList();
                }
            default:
                throw new IllegalArgumentException("unknown step " + part[0]);
        }
    }

    private static Path path(String arg) throws IOException {
        if (!arg.startsWith("listed:")) {
            return Path.of(unescape(arg));
        }
        try (Stream<Path> s = Files.list(path(arg.substring("listed:".length())))) {
            List<Path> entries = s.toList();
            if (entries.size() != 1) {
                throw new IllegalStateException("expected one entry, found " + entries);
            }
            return entries.get(0);
        }
    }

    private static String unescape(String s) {
        Matcher m = ESCAPE.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(Character.toString(Integer.parseInt(m.group(1), 16))));
        }
        return m.appendTail(b).toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7F ? Character.toString(c)
                : String.format("{U+%04X}", c)));
        return b.toString();
    }
}
