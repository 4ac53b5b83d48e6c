package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Log folders the command builds whole before anyone sees them ({@code import}, {@code salvage}): built under a
 * temporary name beside the target and renamed into place, so the target name only ever holds a complete log.
 */
final class LogFolders {
    private LogFolders() {
    }

    /** What to do with the new log before it is moved into place. */
    @FunctionalInterface
    interface Build<T> {
        T into(EventLog log) throws IOException;
    }

    /** True when {@code dir} is missing or an empty folder: a place {@link #buildNew} may put a log. */
    static boolean isNew(Path dir) throws IOException {
        dir = OutputFile.resolveLinks(dir);
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }

    /**
     * Creates a log in a temporary folder beside {@code target}, lets {@code build} fill it, closes it and renames it
     * to {@code target} (missing, or an empty folder). Whatever fails, nothing is left under either name.
     */
    static <T> T buildNew(Path named, String purpose, Build<T> build) throws IOException {
        Path target = OutputFile.resolveLinks(named); // a symbolic link stays, and the log goes where it points
        Path tmp = temporarySibling(target, purpose);
        Runnable cleanup = OpenLogs.deleteOnShutdown(tmp);
        try {
            T result;
            try (EventLog log = OpenLogs.register(EventLogs.open(EventLogConfig.builder().path(tmp).build()))) {
                result = build.into(log);
            }
            moveIntoPlace(tmp, target);
            return result;
        } finally {
            deleteIfLeft(tmp);
            OpenLogs.removeAfterClose(cleanup);
        }
    }

    /** A name beside {@code target} that does not exist yet, e.g. {@code .audit.importing-3f9a…}. */
    static Path temporarySibling(Path target, String purpose) {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new ChainlogCli.UsageException("the folder " + parent + " (where " + target + " would go) does not exist");
        }
        return parent.resolve("." + abs.getFileName() + "." + purpose + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /**
     * Renames the finished log folder {@code built} to {@code target}, which is missing or an empty folder (then
     * replaced, keeping its permissions).
     */
    private static void moveIntoPlace(Path built, Path target) throws IOException {
        Set<PosixFilePermission> mode = Files.isDirectory(target) ? permissions(target) : null;
        try {
            Files.move(built, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot move " + built + " to " + target + " in one step: " + e.getMessage(), e);
        }
        if (mode != null) {
            Files.getFileAttributeView(target, PosixFileAttributeView.class).setPermissions(mode);
        }
    }

    /** Removes what an unfinished build left (after a refusal or a failure); nothing when it was moved into place. */
    static void deleteIfLeft(Path built) throws IOException {
        if (!Files.exists(built)) {
            return;
        }
        try (Stream<Path> files = Files.walk(built)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Set<PosixFilePermission> permissions(Path dir) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        return view == null ? null : view.readAttributes().permissions();
    }
}
