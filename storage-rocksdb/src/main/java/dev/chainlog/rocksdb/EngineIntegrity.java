package dev.chainlog.rocksdb;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.SstFileReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage engine's own checks of a deep verify, below the core's chain check (docs/DESIGN.md: Tamper evidence),
 * each finding one line of text:
 * <ol>
 *   <li>RocksDB's block checksums over every live SST file ({@code verifyChecksum}). When they fail, each live file
 *       is checked on its own ({@code SstFileReader}), so every damaged file is named, with its column family and
 *       level; a file compacted away meanwhile is not reported.</li>
 *   <li>Keys in the seq columns ({@code entries}, {@code checksums}) that are not 8-byte seqs: chainlog cannot have
 *       written them, and its scans skip them, so only this check sees them.</li>
 * </ol>
 * Reads the whole database. Called inside the store's guard.
 */
final class EngineIntegrity {
    private EngineIntegrity() {
    }

    /** The problems found, in the order above; empty when the engine sees none. */
    static List<String> problems(RocksDB db, ColumnFamilyHandle entries, ColumnFamilyHandle checksums) {
        List<String> problems = new ArrayList<>();
        try {
            db.verifyChecksum();
        } catch (RocksDBException e) {
            problems.addAll(damagedFiles(db));
            if (problems.isEmpty()) {
                problems.add("RocksDB checksum verification failed: " + RocksErrors.describe(e));
            }
        }
        foreignKeys(db, Column.ENTRIES, entries, problems);
        foreignKeys(db, Column.CHECKSUMS, checksums, problems);
        return problems;
    }

    private static List<String> damagedFiles(RocksDB db) {
        List<String> damaged = new ArrayList<>();
        for (LiveFileMetaData f : db.getLiveFilesMetaData()) {
            Path file = Path.of(f.path(), f.fileName());
            try (Options o = new Options(); SstFileReader reader = new SstFileReader(o)) {
                reader.open(RocksPaths.of(file, RocksPaths.TABLE_FILE));
                reader.verifyChecksum();
            } catch (RocksDBException e) {
                if (Files.exists(file)) { // else compacted away meanwhile
                    damaged.add("SST file " + file.getFileName() + " (column family "
                            + new String(f.columnFamilyName(), StandardCharsets.UTF_8) + ", level " + f.level()
                            + ") is damaged: " + RocksErrors.describe(e));
                }
            }
        }
        return damaged;
    }

    private static void foreignKeys(RocksDB db, Column c, ColumnFamilyHandle cf, List<String> problems) {
        long bad = 0;
        try (ReadOptions ro = new ReadOptions().setFillCache(false);
             RocksIterator it = db.newIterator(cf, ro)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (Keys.seqOf(it.key()) < 0) {
                    bad++;
                }
            }
            it.status();
        } catch (RocksDBException e) {
            // The scan stopped at damage, which the checksum verification reports; count what was seen.
        }
        if (bad > 0) {
            problems.add(bad + " key(s) in the " + c.cfName + " column are not 8-byte seqs: written outside chainlog");
        }
    }
}
