package dev.chainlog.rocksdb;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.IoErrors;
import dev.chainlog.api.StorageException;
import dev.chainlog.store.LogMeta;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a log folder as a {@link RocksLogStore}, in this order:
 * <ol>
 *   <li>The folder: claimed by a writer ({@link LogFolder#claim}: created if missing, reserved in this JVM), or
 *       found by a read-only open ({@link LogFolder#existing}); a refused folder is left exactly as it was.</li>
 *   <li>The options ({@link StoreOptions}).</li>
 *   <li>RocksDB: {@code open} for the writer; {@code openAsSecondary} for a read-only open, which takes no lock and
 *       writes nothing into the log's folder: its own bookkeeping goes to a temporary folder under
 *       {@code java.io.tmpdir}, deleted after the database closed. A refusal says why ({@link RocksErrors#open}:
 *       locked, damaged with the salvage option named, or not openable).</li>
 *   <li>The storage layout ({@code rocksdb_layout}): one newer than {@link MetaCodec#LAYOUT_VERSION} refuses to open
 *       with a {@link CorruptLogException}.</li>
 *   <li>Writer only: the stored meta, which commits diff against ({@link MetaCodec#writeChanges}). A layout-1 meta is
 *       rewritten as the current layout in one synced batch, so the two never mix. A meta that does not decode is
 *       left as it is: the core's recovery refuses the log with the same message.</li>
 *   <li>The store, its background threads started.</li>
 * </ol>
 * Invariant: each native object is registered with the store's {@link Resources} the moment it exists, so a failure
 * at any step closes what was made, newest first, and then releases the folder. Nothing else holds the database
 * until the store is returned, so these steps need no {@link Guard}.
 */
final class StoreOpener {
    /** The store's own log, where opens have always been reported. */
    private static final Logger LOG = LoggerFactory.getLogger(RocksLogStore.class);

    private StoreOpener() {
    }

    /** Opens {@code config.path()} as {@link RocksLogStore#open} (writer) or {@link RocksLogStore#openReadOnly} say. */
    static RocksLogStore open(EventLogConfig config, boolean readOnly) {
        if (config.path() == null) {
            throw new StorageException("the rocksdb backend needs a path (the log's folder)");
        }
        RocksDB.loadLibrary();
        LogFolder folder = readOnly ? LogFolder.existing(config.path()) : LogFolder.claim(config.path());
        Resources resources = new Resources();
        try {
            StoreOptions options = new StoreOptions(config, readOnly, resources);
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = openDatabase(folder.path(), options, readOnly, handles, resources);
            // Closed before the options it uses (Resources closes newest first); closeE also frees the handles.
            resources.add(db::closeE);
            ColumnFamilyHandle meta = handles.get(Column.META.ordinal());
            int layout = checkLayout(db, meta, folder.path());
            LogMeta stored = readOnly ? null : loadStoredMeta(db, meta, options, layout, folder.path());
            RocksLogStore store = new RocksLogStore(folder, resources, options, db, handles, config, readOnly, stored);
            store.start();
            if (config.salvage()) {
                LOG.warn("chainlog: opened {} in salvage mode (WAL point-in-time recovery): writes after damage in the "
                        + "write-ahead log, if any, were dropped; run verify and compare with your pinned head",
                        folder.path());
            }
            LOG.info("chainlog: opened the log at {} ({})", folder.path(),
                    readOnly ? "read-only" : "durability " + config.durability());
            return store;
        } catch (RuntimeException | Error e) {
            resources.close();
            folder.release();
            throw e;
        }
    }

    private static RocksDB openDatabase(Path folder, StoreOptions options, boolean readOnly,
                                        List<ColumnFamilyHandle> handles, Resources resources) {
        try {
            String dbPath = RocksPaths.of(folder, RocksPaths.LOG_FOLDER);
            if (!readOnly) {
                return RocksDB.open(options.db, dbPath, options.descriptors, handles);
            }
            Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            RocksPaths.check(temp, RocksPaths.SECONDARY_FOLDER);
            Path secondary = Files.createTempDirectory(temp, "chainlog-secondary-");
            resources.add(() -> Folders.deleteTree(secondary)); // after the database closed
            return RocksDB.openAsSecondary(options.db, dbPath, RocksPaths.of(secondary, RocksPaths.SECONDARY_FOLDER),
                    options.descriptors, handles);
        } catch (RocksDBException e) {
            throw RocksErrors.open(folder, e);
        } catch (IOException e) {
            throw new StorageException("cannot create a temporary folder for a read-only open: " + IoErrors.describe(e), e);
        }
    }

    private static int checkLayout(RocksDB db, ColumnFamilyHandle meta, Path path) {
        try {
            int layout = MetaCodec.layout(db.get(meta, MetaCodec.key(MetaCodec.LAYOUT)));
            if (layout > MetaCodec.LAYOUT_VERSION) {
                throw new CorruptLogException("the log at " + path + " uses storage layout " + layout
                        + ", written by a newer chainlog; this version reads layout " + MetaCodec.LAYOUT_VERSION);
            }
            return layout;
        } catch (RocksDBException e) {
            throw RocksErrors.operation("reading the log's meta", e);
        }
    }

    /** The stored meta (null: none, or one that does not decode), rewritten first if it is layout 1. */
    private static LogMeta loadStoredMeta(RocksDB db, ColumnFamilyHandle meta, StoreOptions options, int layout,
                                          Path path) {
        LogMeta stored;
        try {
            stored = MetaCodec.read(db, meta);
        } catch (CorruptLogException e) {
            return null; // the core's recovery refuses this log with the same message; nothing here writes it
        }
        if (stored != null && layout < MetaCodec.LAYOUT_VERSION) {
            try (WriteBatch wb = new WriteBatch()) {
                MetaCodec.migrateFromLayout1(wb, meta, stored);
                db.write(options.syncWrite, wb);
            } catch (RocksDBException e) {
                throw RocksErrors.operation("raw write", e);
            }
            LOG.info("chainlog: rewrote the meta of {} from storage layout {} to {}", path, layout,
                    MetaCodec.LAYOUT_VERSION);
        }
        return stored;
    }
}
