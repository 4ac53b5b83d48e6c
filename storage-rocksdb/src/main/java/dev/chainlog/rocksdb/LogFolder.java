package dev.chainlog.rocksdb;

import dev.chainlog.api.IoErrors;
import dev.chainlog.api.LogLockedException;
import dev.chainlog.api.StorageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Decides, before RocksDB touches anything, whether a folder may be opened as a chainlog log.
 *
 * <p>Invariant: a refused folder is left exactly as it was. Every check here only reads: a path that is a file,
 * a folder chainlog may not read or write, a non-empty folder without a RocksDB database, a RocksDB database
 * without chainlog's column families (or with foreign ones), and a log already open in this JVM. (A log open in
 * another process is refused by RocksDB's own {@code LOCK}; with the info log sent to SLF4J, that refusal creates
 * nothing either.) Looking again while another process creates a log in the folder ({@link #checkContents}) only
 * reads as well. A path RocksDB would read as another folder ({@link RocksPaths}) is refused before anything else,
 * with a {@code ConfigException}.
 */
final class LogFolder {
    /** Folders open in this JVM, by real path. RocksDB's LOCK cannot tell two opens of one process apart. */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
    /** How long contents that look like a database being created are given to become a whole log. */
    private static final long CREATION_WAIT_NANOS = 2_000_000_000L;
    private static final long RECHECK_NANOS = 20_000_000L;

    private final Path path;
    /** True when this folder holds a reservation in {@link #OPEN} (a writer's open). */
    private final boolean reserved;

    private LogFolder(Path path, boolean reserved) {
        this.path = path;
        this.reserved = reserved;
    }

    /** The folder a store may open at {@code configured}, created if missing and reserved in this JVM. */
    static LogFolder claim(Path configured) {
        Path p = configured.toAbsolutePath().normalize();
        RocksPaths.check(realPathToBe(p), RocksPaths.LOG_FOLDER);
        if (Files.isRegularFile(p)) {
            throw new StorageException("cannot open the log at " + p + ": it is a file, not a folder");
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || (Files.isSymbolicLink(p) && !Files.exists(p))) {
            try {
                Files.createDirectories(p);
            } catch (IOException e) {
                throw new StorageException("cannot create the log folder " + p + ": " + IoErrors.describe(e), e);
            }
        }
        if (!Files.isDirectory(p)) {
            throw new StorageException("cannot open the log at " + p + ": it is not a folder");
        }
        if (!Files.isReadable(p) || !Files.isWritable(p) || !Files.isExecutable(p)) {
            throw new StorageException("cannot open the log at " + p + ": the folder is not readable and writable "
                    + "by this process (check its owner and permissions)");
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw new StorageException("cannot open the log at " + p + ": " + IoErrors.describe(e), e);
        }
        if (!OPEN.add(real)) {
            throw new LogLockedException("the log at " + real + " is locked by another process, or already open in "
                    + "this one: a log can be open once at a time");
        }
        LogFolder folder = new LogFolder(real, true);
        try {
            folder.checkContents(false);
        } catch (RuntimeException e) {
            folder.release();
            throw e;
        }
        return folder;
    }

    /**
     * An existing log folder, for a read-only (secondary) open beside a writer: nothing is created or reserved,
     * and the folder must already hold a chainlog log with all its column families.
     */
    static LogFolder existing(Path configured) {
        Path p = configured.toAbsolutePath().normalize();
        RocksPaths.check(realPathToBe(p), RocksPaths.LOG_FOLDER);
        BasicFileAttributes attributes = attributes(p); // one look: a folder created meanwhile is not "a file"
        if (attributes == null || !attributes.isDirectory()) {
            throw new StorageException("there is no chainlog log at " + p + (attributes != null ? ": it is a file" : ""));
        }
        if (!Files.isReadable(p) || !Files.isExecutable(p)) {
            throw new StorageException("cannot open the log at " + p + ": the folder is not readable by this process");
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw new StorageException("cannot open the log at " + p + ": " + IoErrors.describe(e), e);
        }
        LogFolder folder = new LogFolder(real, false);
        folder.checkContents(true);
        return folder;
    }

    /**
     * The real path {@code p} has, or will have once created: RocksDB is given the real path, which a symlink can
     * make differ from the one named. That of the deepest existing ancestor, with the missing names after it.
     */
    static Path realPathToBe(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? p : existing.toRealPath().resolve(existing.relativize(p));
        } catch (IOException e) {
            return p; // the checks after this one report it
        }
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    Path path() {
        return path;
    }

    /** Ends the reservation; the store calls this after RocksDB has closed (and released its LOCK). */
    void release() {
        if (reserved) {
            OPEN.remove(path);
        }
    }

    /**
     * Refuses what is not a chainlog log ({@code whole}: not a log with every column family, as a reader needs).
     * Contents that look like a database another process is creating right now are read again,
     * {@link #RECHECK_NANOS} apart, until they are acceptable or {@link #CREATION_WAIT_NANOS} have passed: the loser of a race to create a log then reaches
     * {@code RocksDB.open}, whose {@code LOCK} says "locked", instead of being told the folder is foreign. (A Java
     * file lock cannot tell whether RocksDB's {@code LOCK} is held: POSIX record locks belong to the process, and
     * closing any descriptor of the file would drop this process's own.)
     */
    private void checkContents(boolean whole) {
        long deadline = System.nanoTime() + CREATION_WAIT_NANOS;
        while (true) {
            FolderContents contents = FolderContents.read(path);
            StorageException refusal = refusal(contents, whole);
            if (refusal == null) {
                return;
            }
            if (!contents.beingCreated() || System.nanoTime() - deadline >= 0) {
                throw refusal;
            }
            LockSupport.parkNanos(RECHECK_NANOS);
        }
    }

    /** Why {@code contents} cannot be opened (as a whole log, for a reader), or null if they can. */
    private StorageException refusal(FolderContents contents, boolean whole) {
        if (contents.isEmpty()) {
            return whole ? new StorageException("there is no chainlog log at " + path + " (empty folder)") : null;
        }
        if (contents.unreadable() != null) {
            return new StorageException("the folder " + path + " is not a readable chainlog log: " + contents.unreadable());
        }
        if (!contents.hasDatabase()) {
            return new StorageException("the folder " + path + " is not a chainlog log: it is not empty and holds no "
                    + "RocksDB database (found " + contents.sample() + "); use an empty or new folder");
        }
        if (!contents.foreignFamilies().isEmpty() || !contents.hasChainlogFamily()) {
            return new StorageException("the folder " + path + " holds a RocksDB database that is not a chainlog log "
                    + "(column families " + contents.families() + "; a chainlog log has " + expected() + ")");
        }
        if (whole && !contents.isWholeLog() && contents.families().size() == Column.values().length
                && !contents.families().contains(Column.TREE.cfName)) {
            return new StorageException("the log at " + path + " was written by an older chainlog and has no Merkle "
                    + "tree yet; open it once for writing (EventLogs.open, or a chainlog command that writes) to build it");
        }
        if (whole && !contents.isWholeLog()) { // a writer takes it: its open creates the missing column families
            return new StorageException("there is no chainlog log at " + path + " (column families "
                    + contents.families() + "; a chainlog log has " + expected() + ")");
        }
        return null;
    }

    private static String expected() {
        List<String> names = new ArrayList<>();
        for (Column c : Column.values()) {
            names.add(c.cfName);
        }
        return names.toString();
    }
}
