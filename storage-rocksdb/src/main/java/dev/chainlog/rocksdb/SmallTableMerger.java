package dev.chainlog.rocksdb;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactionOptions;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges runs of small table files at close, so a log opened and closed often keeps few files.
 *
 * <p>Why: every close flushes each column family's memtable into a level-0 file, and chainlog's keys only grow, so
 * RocksDB's compaction moves such a file down without merging it with anything (a "trivial move": it overlaps no
 * other file). A log used by one short process per append (every {@code chainlog append}) thus gained about one
 * table file per column family per open — 1,333 files after 1,000 cycles, each opened at every open
 * ({@code max_open_files = -1}) until "Too many open files". Here, per column family and level, at least
 * {@link #MIN_FILES} files under {@link #SMALL_BYTES} each are compacted together into that level
 * ({@code CompactFiles}; RocksDB adds any file of the level their range overlaps). The inputs are small by
 * definition, so this costs milliseconds, and nothing when a log is closed rarely.
 */
final class SmallTableMerger {
    private static final Logger LOG = LoggerFactory.getLogger(SmallTableMerger.class);
    static final long SMALL_BYTES = 1 << 20;
    static final int MIN_FILES = 8;

    private SmallTableMerger() {
    }

    /** Called by the closing writer inside the store's guard; a failure is logged, never thrown. */
    static void mergeSmallTables(RocksDB db, List<ColumnFamilyHandle> columns) {
        try {
            Map<String, ColumnFamilyHandle> byName = new HashMap<>();
            for (ColumnFamilyHandle cf : columns) {
                byName.put(new String(cf.getName(), StandardCharsets.UTF_8), cf);
            }
            Map<String, List<String>> small = new HashMap<>(); // "cf\0level" -> file names
            for (LiveFileMetaData f : db.getLiveFilesMetaData()) {
                if (f.level() > 0 && f.size() < SMALL_BYTES && !f.beingCompacted()) {
                    small.computeIfAbsent(new String(f.columnFamilyName(), StandardCharsets.UTF_8) + "\0" + f.level(),
                            k -> new ArrayList<>()).add(f.fileName());
                }
            }
            try (CompactionOptions options = new CompactionOptions()) {
                for (Map.Entry<String, List<String>> e : small.entrySet()) {
                    if (e.getValue().size() < MIN_FILES) {
                        continue;
                    }
                    String[] cfAndLevel = e.getKey().split("\0");
                    ColumnFamilyHandle cf = byName.get(cfAndLevel[0]);
                    int level = Integer.parseInt(cfAndLevel[1]);
                    if (cf != null) {
                        db.compactFiles(options, cf, e.getValue(), level, 0, null);
                        LOG.debug("chainlog: merged {} small table files of {} at level {}", e.getValue().size(),
                                cfAndLevel[0], level);
                    }
                }
            }
        } catch (RocksDBException | RuntimeException e) {
            LOG.debug("chainlog: merging small table files at close failed; the next close tries again: {}",
                    e.toString());
        }
    }
}
