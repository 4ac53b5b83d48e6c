package dev.chainlog.rocksdb;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.Durability;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.ReadOnlyLogException;
import dev.chainlog.api.StorageException;
import dev.chainlog.store.CommitBatch;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.NewEntry;
import dev.chainlog.store.PreparedCut;
import dev.chainlog.store.RecordCursor;
import dev.chainlog.tree.CompactRange;
import dev.chainlog.tree.TiledTree;
import dev.chainlog.tree.TreeNode;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * chainlog's durable store: the storage SPI over RocksDB (docs/DESIGN.md: Durability by mode, Prefix after crash;
 * docs/STORAGE-ROCKSDB.md). This class holds the reads, the commit and the preparation of retention cuts; the rest
 * of a store's life is in one class each: opening ({@link StoreOpener}), the deleted-folder check of the commits
 * ({@link FolderWatch}), the engine checks of a deep verify ({@link EngineIntegrity}), backup ({@link StoreBackup})
 * and the close sequence ({@link StoreShutdown}).
 *
 * <h2>On-disk layout</h2>
 * <pre>
 * column family  key                                   value
 * entries        seq, 8-byte big-endian                stored value: the entry's JSON bytes, as hashed
 * checksums      seq, 8-byte big-endian                SHA-256 of the stored value, 32 bytes
 * by_uuid        UTF-8 uuid                            seq, 8-byte big-endian
 * by_request     UTF-8 request id, 0x00, seq (8 BE)    empty
 * by_source      UTF-8 source, 0x00, seq (8 BE)        empty
 * meta           ASCII name, or note/NAME              see {@link MetaCodec}
 * tree           level, index (8 BE); or 0x00          a stored tree node; the pruned range ({@link TreeKeys})
 * default        (unused; RocksDB requires it)
 * </pre>
 * Key encodings are in {@link Keys}; the tuning of each column family in {@link StoreOptions}.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>One {@link #commit} is one RocksDB WriteBatch over every column family, with the new meta: applied
 *       entirely or not at all, also across a crash (WAL) or without a WAL (atomic flush). So the meta's head
 *       always names the newest stored entry, and {@code checksums} holds exactly the keys of {@code entries}
 *       (and, below the log start, the at most 255 checksums a cut keeps as tree leaf data: {@link PrefixCut}).</li>
 *   <li>A retention cut's commit is its new log start; below it, entries may stay stored until the
 *       {@link SpaceReclaimer} has removed them in chunks ({@link PrefixCut}), and no read goes there. The space
 *       comes back afterwards, by compaction; what is left to do is durable ({@link ReclaimMark}).</li>
 *   <li>Seqs are the log's, carried in the keys. RocksDB's internal sequence number is never used as one.</li>
 *   <li>No native call runs while, or after, the database is freed ({@link Guard}).</li>
 * </ul>
 *
 * <h2>Durability</h2>
 * {@code SYNC}: every commit is written with {@code sync=true} (one fsync per commit group; concurrent appends
 * share it through the core's group commit). {@code WAL}: the WAL is written before a commit returns, and
 * {@link WalSyncer} fsyncs it every {@code syncInterval}. {@code NONE}: the WAL is off; memtables reach disk by
 * (atomic) flushes only, so a crash loses the newest commits but never splits one. A commit asked to be synced in
 * {@code NONE} mode is made durable by an atomic flush.
 */
public final class RocksLogStore implements LogStore {
    private static final Logger LOG = LoggerFactory.getLogger(RocksLogStore.class);

    private final LogFolder folder;
    private final StoreOptions options;
    private final RocksDB db;
    /** By {@link Column} ordinal. */
    private final ColumnFamilyHandle[] columns;
    /** Every column family, for atomic flushes. */
    private final List<ColumnFamilyHandle> allColumns;
    /** The deleted-or-replaced-folder check of the writer's commits and close. */
    private final FolderWatch folderWatch;
    private final Durability durability;
    /** A secondary instance beside a writing process: no writes, no snapshots, {@link #refresh()} catches up. */
    private final boolean readOnly;
    private final Guard guard = new Guard();
    /**
     * Read-only mode: cursors open their two iterators under the read lock and {@link #refresh()} catches up under
     * the write lock, so both iterators of a cursor pin the same version (a secondary has no snapshots).
     */
    private final ReentrantReadWriteLock catchUp = new ReentrantReadWriteLock();
    private final Set<RocksCursor> cursors = ConcurrentHashMap.newKeySet();
    private final WalSyncer walSyncer;
    private final SpaceReclaimer reclaimer;
    private final StoreBackup backup;
    private final StoreShutdown shutdown;
    /** Writer only: the meta the last commit wrote (null: none yet); see {@link MetaCodec#writeChanges}. */
    private LogMeta storedMeta;

    /**
     * Made by {@link StoreOpener}, which owns {@code resources} until it returns the store.
     *
     * @param handles    every column family's handle, in {@link Column} order with the default one last
     * @param storedMeta writer only: the meta stored at open (null: none yet, or one that does not decode)
     */
    RocksLogStore(LogFolder folder, Resources resources, StoreOptions options, RocksDB db,
                  List<ColumnFamilyHandle> handles, EventLogConfig config, boolean readOnly, LogMeta storedMeta) {
        this.folder = folder;
        this.options = options;
        this.db = db;
        this.allColumns = List.copyOf(handles);
        this.folderWatch = new FolderWatch(folder.path());
        this.columns = handles.subList(0, Column.values().length).toArray(new ColumnFamilyHandle[0]);
        this.durability = config.durability();
        this.readOnly = readOnly;
        this.storedMeta = storedMeta;
        String name = folder.path().getFileName() == null ? folder.path().toString() : folder.path().getFileName().toString();
        this.walSyncer = !readOnly && durability == Durability.WAL
                ? new WalSyncer(db, guard, config.syncInterval(), name) : null;
        this.reclaimer = readOnly ? null : new SpaceReclaimer(db, new SpaceReclaimer.Columns(cf(Column.ENTRIES),
                cf(Column.CHECKSUMS), cf(Column.BY_UUID), cf(Column.BY_REQUEST), cf(Column.BY_SOURCE), cf(Column.META),
                allColumns), options.compact, options.flush, options.write, config.reclaimInBackground(), guard, name,
                readMark(), storedMeta == null ? 1 : storedMeta.logStartSeq(),
                storedMeta == null ? 0 : Math.max(0, storedMeta.headSeq() - storedMeta.logStartSeq() + 1));
        this.backup = new StoreBackup(folder.path(), db, allColumns, guard, catchUp, readOnly);
        this.shutdown = new StoreShutdown(folder, resources, db, allColumns, guard, cursors, reclaimer, walSyncer,
                readOnly, this::flush, folderWatch, durability);
    }

    /**
     * Opens the log folder {@code config.path()}, creating it (and the database) if missing. Refuses, with a
     * {@link StorageException} and without changing anything in the folder: a path that is a file, a folder it may
     * not read and write, a folder holding something other than a chainlog log, and a log open elsewhere.
     * A log whose storage is damaged is refused with a {@link CorruptLogException}; a path RocksDB would read as
     * another folder, before anything is created, with a {@code ConfigException} ({@link RocksPaths}). The steps are
     * in {@link StoreOpener}.
     */
    public static RocksLogStore open(EventLogConfig config) {
        return StoreOpener.open(config, false);
    }

    /**
     * Opens an existing log for reading while another process may be writing to it: a RocksDB secondary instance,
     * which takes no lock and writes nothing into the log's folder (its own bookkeeping goes to a temporary folder,
     * deleted on close). It sees the writer's commits as of the open and of each {@link #refresh()}.
     */
    public static RocksLogStore openReadOnly(EventLogConfig config) {
        return StoreOpener.open(config, true);
    }

    private ReclaimMark readMark() {
        try {
            return ReclaimMark.decode(db.get(cf(Column.META), ReclaimMark.KEY));
        } catch (RocksDBException e) {
            throw RocksErrors.operation("reading the log's meta", e);
        }
    }

    /** Starts the background threads; {@link StoreOpener} calls it once, after the constructor. */
    void start() {
        if (reclaimer != null) {
            reclaimer.start();
        }
        if (walSyncer != null) {
            walSyncer.start();
        }
    }

    /** The handle of column family {@code c} (also for the test helper, below). */
    /** The writer's batch under construction, reused by every append commit (single writer). */
    private final BatchImage image = new BatchImage();
    private static final byte[] NO_VALUE = new byte[0];

    ColumnFamilyHandle cf(Column c) {
        return columns[c.ordinal()];
    }

    @Override
    public String name() {
        return "rocksdb";
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    /** Read-only mode: catches up with the writer's commits (WAL and MANIFEST), atomically. No-op otherwise. */
    @Override
    public void refresh() {
        if (!readOnly) {
            return;
        }
        catchUp.writeLock().lock();
        guard.enter();
        try {
            db.tryCatchUpWithPrimary();
        } catch (RocksDBException e) {
            throw RocksErrors.operation("catching up with the writer", e);
        } finally {
            guard.exit();
            catchUp.writeLock().unlock();
        }
    }

    /** The log's folder (its real path). */
    public Path path() {
        return folder.path();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public LogMeta readMeta() {
        guard.enter();
        try {
            return MetaCodec.read(db, cf(Column.META));
        } finally {
            guard.exit();
        }
    }

    // ---------------------------------------------------------------- snapshots

    @Override
    public void putSnapshot(String name, long seq, byte[] value, long[] removeSeqs) {
        if (readOnly) {
            throw new ReadOnlyLogException("save a snapshot");
        }
        guard.enter();
        try (WriteBatch wb = new WriteBatch()) {
            wb.put(cf(Column.META), MetaCodec.snapshotKey(name, seq), value);
            for (long r : removeSeqs) {
                wb.delete(cf(Column.META), MetaCodec.snapshotKey(name, r));
            }
            write(wb, true);
        } catch (RocksDBException e) {
            throw RocksErrors.operation("writing a snapshot", e);
        } finally {
            guard.exit();
        }
    }

    @Override
    public long[] snapshotSeqs(String name) {
        byte[] prefix = MetaCodec.snapshotPrefix(name);
        byte[] end = java.util.Arrays.copyOf(prefix, prefix.length);
        end[end.length - 1] = 1; // name 0x01: just past every key of this name
        List<Long> seqs = new ArrayList<>();
        scanMeta(prefix, end, (k, v) -> {
            if (k.length == prefix.length + 8) {
                seqs.add(java.nio.ByteBuffer.wrap(k, prefix.length, 8).getLong());
            }
        });
        return seqs.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public byte[] snapshot(String name, long seq) {
        return get(Column.META, MetaCodec.snapshotKey(name, seq), "reading a snapshot");
    }

    @Override
    public List<String> snapshotNames() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        scanMeta(MetaCodec.SNAPSHOT_PREFIX, MetaCodec.SNAPSHOT_END, (k, v) -> {
            int zero = k.length - 9;
            if (zero > MetaCodec.SNAPSHOT_PREFIX.length && k[zero] == 0) {
                names.add(new String(k, MetaCodec.SNAPSHOT_PREFIX.length, zero - MetaCodec.SNAPSHOT_PREFIX.length,
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return List.copyOf(names);
    }

    /** Every key of the meta column in [lower, upper), with its value. */
    private void scanMeta(byte[] lower, byte[] upper, java.util.function.BiConsumer<byte[], byte[]> each) {
        catchUp.readLock().lock();
        guard.enter();
        try (Slice lo = new Slice(lower);
             Slice hi = new Slice(upper);
             ReadOptions ro = new ReadOptions().setIterateLowerBound(lo).setIterateUpperBound(hi);
             RocksIterator it = db.newIterator(cf(Column.META), ro)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                each.accept(it.key(), it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw RocksErrors.operation("reading the meta column", e);
        } finally {
            guard.exit();
            catchUp.readLock().unlock();
        }
    }

    /** Every {@code consumer/NAME} key of the meta column, by name. */
    @Override
    public Map<String, byte[]> consumerCursors() {
        Map<String, byte[]> out = new java.util.HashMap<>();
        scanMeta(MetaCodec.CURSOR_PREFIX, MetaCodec.CURSOR_END, (k, v) -> out.put(new String(k,
                MetaCodec.CURSOR_PREFIX.length, k.length - MetaCodec.CURSOR_PREFIX.length,
                java.nio.charset.StandardCharsets.UTF_8), v));
        return out;
    }

    /** A note stored with a commit ({@code meta} key {@code note/NAME}), or null. */
    @Override
    public byte[] note(String name) {
        guard.enter();
        try {
            return db.get(cf(Column.META), MetaCodec.noteKey(name));
        } catch (RocksDBException e) {
            throw RocksErrors.operation("reading the note " + name, e);
        } finally {
            guard.exit();
        }
    }

    @Override
    public long lastStoredSeq() {
        guard.enter();
        try (RocksIterator it = db.newIterator(cf(Column.ENTRIES))) {
            it.seekToLast();
            while (it.isValid()) {
                long seq = Keys.seqOf(it.key());
                if (seq >= 0) {
                    return seq;
                }
                it.prev(); // not a chainlog key; verify --deep reports it
            }
            it.status();
            return 0;
        } catch (RocksDBException e) {
            throw RocksErrors.operation("finding the newest entry", e);
        } finally {
            guard.exit();
        }
    }

    @Override
    public byte[] value(long seq) {
        return get(Column.ENTRIES, seq);
    }

    @Override
    public byte[] checksum(long seq) {
        return get(Column.CHECKSUMS, seq);
    }

    private byte[] get(Column c, long seq) {
        return seq <= 0 ? null : get(c, Keys.seq(seq), "reading seq " + seq);
    }

    private byte[] get(Column c, byte[] key, String what) {
        guard.enter();
        try {
            return db.get(cf(c), key);
        } catch (RocksDBException e) {
            throw RocksErrors.operation(what, e);
        } finally {
            guard.exit();
        }
    }

    // ---------------------------------------------------------------- the tree

    @Override
    public CompactRange treeBase() {
        byte[] b = get(Column.TREE, TreeKeys.BASE, "reading the tree's pruned range");
        if (b == null) {
            return null;
        }
        try {
            return CompactRange.fromBytes(b);
        } catch (IllegalArgumentException e) {
            throw new CorruptLogException("the tree's stored pruned range is damaged: " + e.getMessage());
        }
    }

    @Override
    public byte[] treeNode(int level, long index) {
        return get(Column.TREE, TreeKeys.node(level, index), "reading tree node " + level + "/" + index);
    }

    @Override
    public List<byte[]> treeNodes(int level, long from, long to) {
        return contiguous(Column.TREE, TreeKeys.node(level, from), TreeKeys.node(level, to), from, to - from,
                k -> k.length == TreeKeys.LENGTH ? java.nio.ByteBuffer.wrap(k, 1, 8).getLong() : -1);
    }

    @Override
    public List<byte[]> checksums(long fromSeq, long toSeq) {
        if (toSeq <= fromSeq || fromSeq < 1) {
            return List.of();
        }
        return contiguous(Column.CHECKSUMS, Keys.seq(fromSeq), Keys.seq(toSeq), fromSeq, toSeq - fromSeq, Keys::seqOf);
    }

    /** The values of keys numbered first, first + 1, … in [lower, upper), stopping at a gap or after count. */
    private List<byte[]> contiguous(Column c, byte[] lower, byte[] upper, long first, long count,
                                    java.util.function.ToLongFunction<byte[]> number) {
        List<byte[]> out = new ArrayList<>((int) Math.min(count, 256));
        catchUp.readLock().lock();
        guard.enter();
        try (Slice lo = new Slice(lower);
             Slice hi = new Slice(upper);
             ReadOptions ro = new ReadOptions().setIterateLowerBound(lo).setIterateUpperBound(hi);
             RocksIterator it = db.newIterator(cf(c), ro)) {
            long expected = first;
            for (it.seekToFirst(); it.isValid() && out.size() < count; it.next()) {
                if (number.applyAsLong(it.key()) != expected) {
                    break;
                }
                out.add(it.value());
                expected++;
            }
            it.status();
            return out;
        } catch (RocksDBException e) {
            throw RocksErrors.operation("reading the " + c.cfName + " column", e);
        } finally {
            guard.exit();
            catchUp.readLock().unlock();
        }
    }

    @Override
    public RecordCursor scan(long fromSeq, long toSeq) {
        return scan(fromSeq, toSeq, true);
    }

    /** Without the checksum iterator: a page or a replay reads one column family, not two. */
    @Override
    public RecordCursor scanValues(long fromSeq, long toSeq) {
        return scan(fromSeq, toSeq, false);
    }

    private RecordCursor scan(long fromSeq, long toSeq, boolean withChecksums) {
        if (toSeq < Math.max(1, fromSeq)) {
            return EmptyCursor.INSTANCE;
        }
        catchUp.readLock().lock();
        guard.enter();
        try {
            RocksCursor c = new RocksCursor(db, guard, cf(Column.ENTRIES), cf(Column.CHECKSUMS), fromSeq, toSeq,
                    !readOnly, withChecksums, cursors::remove);
            cursors.add(c);
            return c;
        } finally {
            guard.exit();
            catchUp.readLock().unlock();
        }
    }

    @Override
    public long seqOfUuid(String uuid) {
        guard.enter();
        try {
            byte[] v = db.get(cf(Column.BY_UUID), Keys.utf8(uuid));
            return v == null ? 0 : Math.max(0, Keys.seqOf(v));
        } catch (RocksDBException e) {
            throw RocksErrors.operation("looking up a uuid", e);
        } finally {
            guard.exit();
        }
    }

    /** One multi-get for the uuids of a commit group. */
    @Override
    public long[] seqsOfUuids(List<String> uuids) {
        if (uuids.isEmpty()) {
            return new long[0]; // RocksJava's multi-get refuses an empty list
        }
        List<byte[]> keys = new ArrayList<>(uuids.size());
        uuids.forEach(u -> keys.add(Keys.utf8(u)));
        guard.enter();
        try {
            List<byte[]> found = db.multiGetAsList(Collections.nCopies(keys.size(), cf(Column.BY_UUID)), keys);
            long[] seqs = new long[found.size()];
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = found.get(i) == null ? 0 : Math.max(0, Keys.seqOf(found.get(i)));
            }
            return seqs;
        } catch (RocksDBException e) {
            throw RocksErrors.operation("looking up uuids", e);
        } finally {
            guard.exit();
        }
    }

    /** One multi-get for the values the decisions of a commit group read. */
    @Override
    public List<byte[]> values(long[] seqs) {
        if (seqs.length == 0) {
            return List.of(); // RocksJava's multi-get refuses an empty list
        }
        List<byte[]> keys = new ArrayList<>(seqs.length);
        for (long seq : seqs) {
            keys.add(Keys.seq(seq));
        }
        guard.enter();
        try {
            return db.multiGetAsList(Collections.nCopies(keys.size(), cf(Column.ENTRIES)), keys);
        } catch (RocksDBException e) {
            throw RocksErrors.operation("reading entries", e);
        } finally {
            guard.exit();
        }
    }

    @Override
    public long[] seqsOfRequest(String requestId) {
        return indexed(Column.BY_REQUEST, requestId, 0, Integer.MAX_VALUE);
    }

    @Override
    public long[] seqsOfSource(String source, long afterSeq, int limit) {
        return indexed(Column.BY_SOURCE, source, afterSeq, limit);
    }

    /** Seqs &gt; {@code afterSeq} under {@code text}'s prefix, ascending, at most {@code limit}. */
    private long[] indexed(Column c, String text, long afterSeq, int limit) {
        if (limit <= 0) {
            return new long[0];
        }
        int prefixLength = Keys.indexPrefix(text).length;
        byte[] from = afterSeq < 0 ? Keys.indexPrefix(text) : Keys.index(text, afterSeq + 1);
        long[] out = new long[16];
        int n = 0;
        guard.enter();
        try (Slice lower = new Slice(from);
             Slice upper = new Slice(Keys.indexEnd(text));
             ReadOptions ro = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
             RocksIterator it = db.newIterator(cf(c), ro)) {
            for (it.seekToFirst(); it.isValid() && n < limit; it.next()) {
                long seq = Keys.seqOfIndex(it.key(), prefixLength);
                if (seq < 0) {
                    continue;
                }
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = seq;
            }
            it.status();
        } catch (RocksDBException e) {
            throw RocksErrors.operation("reading the " + c.cfName + " index", e);
        } finally {
            guard.exit();
        }
        return Arrays.copyOf(out, n);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void commit(CommitBatch batch, boolean sync) {
        if (readOnly) {
            throw new ReadOnlyLogException("write");
        }
        folderWatch.check(sync);
        PreparedCut cut = batch.cut();
        guard.enter();
        try {
            // A commit's keys are serialized in Java and cross into RocksDB in one call (BatchImage). A cut is its
            // new log start (in the meta) and tree base: the deletes follow in the background (SpaceReclaimer).
            BatchWrites wb = image.reset();
            for (NewEntry e : batch.entries()) {
                byte[] key = Keys.seq(e.seq());
                wb.put(cf(Column.ENTRIES), key, e.value());
                wb.put(cf(Column.CHECKSUMS), key, e.hash());
                wb.put(cf(Column.BY_UUID), Keys.utf8(e.uuid()), key);
                if (e.requestId() != null) {
                    wb.put(cf(Column.BY_REQUEST), Keys.index(e.requestId(), e.seq()), NO_VALUE);
                }
                if (e.source() != null) {
                    wb.put(cf(Column.BY_SOURCE), Keys.index(e.source(), e.seq()), NO_VALUE);
                }
            }
            for (TreeNode n : batch.nodes()) {
                wb.put(cf(Column.TREE), TreeKeys.node(n.level(), n.index()), n.hash());
            }
            if (batch.treeBase() != null) { // the stored nodes below it stay: see TiledTree
                wb.put(cf(Column.TREE), TreeKeys.BASE, batch.treeBase().toBytes());
            }
            MetaCodec.writeChanges(wb, cf(Column.META), storedMeta, batch.meta());
            for (Map.Entry<String, byte[]> note : batch.notes().entrySet()) {
                wb.put(cf(Column.META), MetaCodec.noteKey(note.getKey()), note.getValue());
            }
            for (dev.chainlog.store.ConsumerCursor c : batch.cursors().put().values()) {
                wb.put(cf(Column.META), MetaCodec.cursorKey(c.name()), c.toBytes());
            }
            for (String name : batch.cursors().delete()) {
                wb.delete(cf(Column.META), MetaCodec.cursorKey(name));
            }
            try (WriteBatch serialized = image.toWriteBatch()) {
                write(serialized, sync);
            }
            storedMeta = batch.meta();
            if (cut != null) {
                reclaimer.cutCommitted(batch.meta().logStartSeq(),
                        Math.max(0, batch.meta().headSeq() - batch.meta().logStartSeq() + 1));
            }
        } catch (RocksDBException e) {
            throw RocksErrors.operation("writing to the log", e);
        } finally {
            guard.exit();
            if (cut != null) {
                cut.close();
            }
        }
    }

    /**
     * A cut of a RocksDB store needs nothing read ahead: its commit moves the stored log start, and the
     * {@link SpaceReclaimer} removes the prefix afterwards, in chunks ({@link PrefixCut}).
     */
    @Override
    public PreparedCut prepareCut(long newStart, CompactRange prunedTree) {
        if (readOnly) {
            throw new ReadOnlyLogException("cut");
        }
        LogMeta now = readMeta();
        long entries = now == null ? 0 : Math.max(0, Math.min(newStart, now.headSeq() + 1) - now.logStartSeq());
        return PreparedCut.of(newStart, prunedTree, entries);
    }


    /** Waits for the cleanup of the cuts committed so far ({@link SpaceReclaimer#awaitCleanup}). */
    @Override
    public void finishCuts() {
        if (reclaimer != null) {
            reclaimer.awaitCleanup();
        }
    }

    /** Finishes every cut's cleanup and compacts now ({@link SpaceReclaimer#reclaimNow}). */
    @Override
    public void reclaimSpace(java.util.function.LongConsumer progress) {
        if (readOnly) {
            throw new ReadOnlyLogException("reclaim space");
        }
        reclaimer.reclaimNow(progress);
    }

    @Override
    public boolean reclaimPending() {
        return reclaimer != null && reclaimer.pending();
    }

    private void write(WriteBatch wb, boolean durable) throws RocksDBException {
        if (durability == Durability.NONE) {
            db.write(options.write, wb);
            if (durable) {
                // Without a WAL, the only way to put a write on disk is to flush the memtables (all of them,
                // atomically, so the column families stay consistent).
                db.flush(options.flush, allColumns);
            }
        } else {
            db.write(durable ? options.syncWrite : options.write, wb);
        }
    }

    // ---------------------------------------------------------------- integrity, backup

    /**
     * RocksDB's block checksums over every live SST file (one problem per damaged file), and keys in the seq
     * columns that chainlog cannot have written ({@link EngineIntegrity}). Reads the whole database.
     */
    @Override
    public List<String> engineIntegrityProblems() {
        guard.enter();
        try {
            return EngineIntegrity.problems(db, cf(Column.ENTRIES), cf(Column.CHECKSUMS));
        } finally {
            guard.exit();
        }
    }

    /**
     * A consistent copy of the open log into {@code dir}, which must not exist and must not lie inside the log's own
     * folder (and whose path RocksDB must read as Java does: {@link RocksPaths}). The writer takes a RocksDB
     * checkpoint (hard links where possible); a read-only store, beside another process that writes, copies what it
     * sees key by key ({@link SecondaryCopy}) into a temporary folder beside {@code dir} and renames it into place
     * ({@link StoreBackup}).
     */
    @Override
    public void backup(Path dir) {
        backup.into(dir);
    }

    // ---------------------------------------------------------------- maintenance

    /**
     * Reclaims the disk space of every committed retention cut now and returns when done (normally a background
     * thread does this, throttled; see {@link SpaceReclaimer}).
     */
    public void reclaimSpaceNow() {
        if (reclaimer != null) {
            reclaimer.reclaimNow(null);
        }
    }

    @Override
    public long reclaimedBytes() {
        return reclaimer == null ? 0 : reclaimer.reclaimedBytes();
    }

    /** Writes the memtables of every column family to SST files (atomically) and waits. */
    public void flush() {
        if (readOnly) {
            throw new ReadOnlyLogException("flush");
        }
        guard.enter();
        try {
            db.flush(options.flush, allColumns);
        } catch (RocksDBException e) {
            throw RocksErrors.operation("flushing", e);
        } finally {
            guard.exit();
        }
    }

    /**
     * Stops the background threads, flushes the memtables (so the next open replays no WAL, and in {@code NONE}
     * mode so nothing is lost), closes the database and frees every native object ({@link StoreShutdown}).
     * Idempotent.
     */
    @Override
    public void close() {
        shutdown.close();
    }

    // ---------------------------------------------------------------- for the same-package test helper
    // RocksTamperer (test tree) damages an open log through these, behind its back; no main code uses db() or guard().

    /** The database. */
    RocksDB db() {
        return db;
    }

    /** The reclaimer (null for a read-only store), whose cleanup a test may hold. */
    SpaceReclaimer reclaimer() {
        return reclaimer;
    }

    /** The guard every native call on {@link #db()} enters. */
    Guard guard() {
        return guard;
    }
}
