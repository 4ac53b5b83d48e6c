package dev.chainlog.rocksdb;

import dev.chainlog.api.IoErrors;
import dev.chainlog.api.StorageException;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a folder holds, read without RocksDB's lock: its file names and, when it has a {@code CURRENT} file, the
 * column families its MANIFEST names. Reading changes nothing in the folder.
 *
 * <p>Because nothing is locked, another process may be inside {@code RocksDB.open}, creating a database here,
 * while the folder is read. Creation passes through these states, in order: RocksDB's files without
 * {@code CURRENT} ({@code LOCK}, {@code IDENTITY}, a {@code MANIFEST}, {@code 000000.dbtmp}...); then
 * {@code CURRENT} with the {@code default} column family only; then chainlog's column families, added one at a
 * time. {@link #beingCreated()} is true in each of them, so a caller can look again before it calls such a folder
 * foreign. (A creation that was interrupted stays in one of them for good.)
 */
final class FolderContents {
    /** Left in a folder by the file system, not by a user: a log may live at the root of its own mount. */
    private static final Set<String> IGNORED = Set.of("lost+found");
    /** The files RocksDB may write while it creates a database (chainlog sends RocksDB's info log elsewhere). */
    private static final Pattern ROCKSDB_FILE = Pattern.compile(
            "LOCK|IDENTITY|CURRENT|(MANIFEST|OPTIONS)-\\d+(\\.dbtmp)?|\\d+\\.(log|dbtmp)");

    private final List<String> names;
    private final Set<String> families;
    /** Why RocksDB could not list the column families of a folder with {@code CURRENT}, or null. */
    private final String unreadable;

    private FolderContents(List<String> names, Set<String> families, String unreadable) {
        this.names = names;
        this.families = families;
        this.unreadable = unreadable;
    }

    /** Lists {@code folder} and, if it has a {@code CURRENT} file, asks RocksDB for its column families. */
    static FolderContents read(Path folder) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.map(f -> f.getFileName().toString()).filter(n -> !IGNORED.contains(n)).forEach(names::add);
        } catch (IOException e) {
            throw new StorageException("cannot list the log folder " + folder + ": " + IoErrors.describe(e), e);
        }
        if (!names.contains("CURRENT")) {
            return new FolderContents(names, null, null);
        }
        Set<String> families = new TreeSet<>();
        try (Options o = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(o, RocksPaths.of(folder, RocksPaths.LOG_FOLDER))) {
                families.add(new String(name, StandardCharsets.UTF_8));
            }
        } catch (RocksDBException e) {
            // e.g. CURRENT names a MANIFEST that a creating open has just replaced: judged by beingCreated()
            return new FolderContents(names, null, RocksErrors.describe(e));
        }
        return new FolderContents(names, families, null);
    }

    boolean isEmpty() {
        return names.isEmpty();
    }

    /** True when the folder has a RocksDB database ({@code CURRENT}) whose column families could be listed. */
    boolean hasDatabase() {
        return families != null;
    }

    /** Why a folder with {@code CURRENT} could not be read as a database, or null. */
    String unreadable() {
        return unreadable;
    }

    /** The database's column families, sorted; null without a database. */
    Set<String> families() {
        return families;
    }

    /** Column families that are neither chainlog's nor RocksDB's {@code default}. */
    Set<String> foreignFamilies() {
        Set<String> foreign = new TreeSet<>(families);
        foreign.removeIf(n -> n.equals(Column.DEFAULT) || Column.isChainlogName(n));
        return foreign;
    }

    boolean hasChainlogFamily() {
        return families.stream().anyMatch(Column::isChainlogName);
    }

    /** Every chainlog column family (and {@code default}) and nothing else. */
    boolean isWholeLog() {
        return foreignFamilies().isEmpty() && families.size() == Column.values().length + 1;
    }

    /** In one of the states a database passes through while {@code RocksDB.open} creates it (see above). */
    boolean beingCreated() {
        if (!hasDatabase()) { // also when CURRENT is there but its MANIFEST could not be read (yet)
            return !names.isEmpty() && names.stream().allMatch(n -> ROCKSDB_FILE.matcher(n).matches());
        }
        return foreignFamilies().isEmpty() && !isWholeLog();
    }

    /** Up to five of the folder's names, sorted, for a message. */
    String sample() {
        List<String> sorted = new ArrayList<>(new TreeSet<>(names));
        return sorted.size() <= 5 ? sorted.toString()
                : sorted.subList(0, 5) + " and " + (sorted.size() - 5) + " more";
    }
}
