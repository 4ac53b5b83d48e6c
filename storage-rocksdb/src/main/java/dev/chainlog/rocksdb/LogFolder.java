package dev.chainlog.rocksdb;

import dev.chainlog.api.LogLockedException;
import dev.chainlog.api.StorageException;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Decides, before RocksDB touches anything, whether a folder may be opened as a chainlog log.
 *
 * <p>Invariant: a refused folder is left exactly as it was. Every check here only reads: a path that is a file,
 * a folder chainlog may not read or write, a non-empty folder without a RocksDB database, a RocksDB database
 * without chainlog's column families (or with foreign ones), and a log already open in this JVM. (A log open in
 * another process is refused by RocksDB's own {@code LOCK}; with the info log sent to SLF4J, that refusal creates
 * nothing either.)
 */
final class LogFolder {
    /** Folders open in this JVM, by real path. RocksDB's LOCK cannot tell two opens of one process apart. */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
    /** Left in a folder by the file system, not by a user: a log may live at the root of its own mount. */
    private static final Set<String> IGNORED = Set.of("lost+found");

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
        if (Files.isRegularFile(p)) {
            throw new StorageException("cannot open the log at " + p + ": it is a file, not a folder");
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || (Files.isSymbolicLink(p) && !Files.exists(p))) {
            try {
                Files.createDirectories(p);
            } catch (IOException e) {
                throw new StorageException("cannot create the log folder " + p + ": " + e, e);
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
            throw new StorageException("cannot open the log at " + p + ": " + e, e);
        }
        if (!OPEN.add(real)) {
            throw new LogLockedException("the log at " + real + " is locked by another process, or already open in "
                    + "this one: a log can be open once at a time");
        }
        LogFolder folder = new LogFolder(real, true);
        try {
            folder.checkContents();
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
        if (!Files.isDirectory(p)) {
            throw new StorageException("there is no chainlog log at " + p + (Files.exists(p) ? ": it is a file" : ""));
        }
        if (!Files.isReadable(p) || !Files.isExecutable(p)) {
            throw new StorageException("cannot open the log at " + p + ": the folder is not readable by this process");
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw new StorageException("cannot open the log at " + p + ": " + e, e);
        }
        LogFolder folder = new LogFolder(real, false);
        Set<String> families = folder.checkContents();
        if (families == null || families.size() < Column.values().length + 1) {
            throw new StorageException("there is no chainlog log at " + real + (families == null ? " (empty folder)"
                    : " (column families " + families + "; a chainlog log has " + expected() + ")"));
        }
        return folder;
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

    /** Refuses what is not a chainlog log; returns the column families, or null for an empty (new) folder. */
    private Set<String> checkContents() {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(path)) {
            s.map(f -> f.getFileName().toString()).filter(n -> !IGNORED.contains(n)).forEach(names::add);
        } catch (IOException e) {
            throw new StorageException("cannot list the log folder " + path + ": " + e, e);
        }
        if (names.isEmpty()) {
            return null; // a new log
        }
        if (!names.contains("CURRENT")) {
            throw new StorageException("the folder " + path + " is not a chainlog log: it is not empty and holds no "
                    + "RocksDB database (found " + sample(names) + "); use an empty or new folder");
        }
        Set<String> families = new TreeSet<>();
        try (Options o = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(o, path.toString())) {
                families.add(new String(name, StandardCharsets.UTF_8));
            }
        } catch (RocksDBException e) {
            throw new StorageException("the folder " + path + " is not a readable chainlog log: "
                    + RocksErrors.describe(e), e);
        }
        Set<String> foreign = new TreeSet<>(families);
        foreign.removeIf(n -> n.equals(Column.DEFAULT) || Column.isChainlogName(n));
        boolean anyOurs = families.stream().anyMatch(Column::isChainlogName);
        if (!foreign.isEmpty() || !anyOurs) {
            throw new StorageException("the folder " + path + " holds a RocksDB database that is not a chainlog log "
                    + "(column families " + families + "; a chainlog log has " + expected() + ")");
        }
        return families;
    }

    private static String expected() {
        List<String> names = new ArrayList<>();
        for (Column c : Column.values()) {
            names.add(c.cfName);
        }
        return names.toString();
    }

    private static String sample(List<String> names) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(names));
        return sorted.size() <= 5 ? sorted.toString()
                : sorted.subList(0, 5) + " and " + (sorted.size() - 5) + " more";
    }
}
