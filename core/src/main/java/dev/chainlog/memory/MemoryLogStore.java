package dev.chainlog.memory;

import dev.chainlog.store.CommitBatch;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.NewEntry;
import dev.chainlog.store.PreparedCut;
import dev.chainlog.store.RecordCursor;
import dev.chainlog.tree.CompactRange;
import dev.chainlog.tree.TiledTree;
import dev.chainlog.tree.TreeNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An in-memory store with the same layout as the RocksDB one (entries, checksums, three indexes, meta), so the
 * log behaves the same over both, durability aside. Its size is bounded by the log's retention (the memory
 * backend always has a maxEntries bound), which cuts the prefix.
 *
 * <p>Invariant: a commit is applied under the write lock, so readers (under the read lock) see a batch entirely or
 * not at all. Scans copy a bounded chunk under the lock and release it between chunks, so a long verify never
 * blocks the writer for long.
 */
public final class MemoryLogStore implements LogStore {
    private static final int SCAN_CHUNK = 1024;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<Long, byte[]> entries = new TreeMap<>();
    private final TreeMap<Long, byte[]> checksums = new TreeMap<>();
    private final Map<String, Long> byUuid = new HashMap<>();
    private final Map<String, NavigableSet<Long>> byRequest = new HashMap<>();
    private final Map<String, NavigableSet<Long>> bySource = new HashMap<>();
    /** seq → index keys, so a prefix cut can drop index entries without decoding values. */
    private final TreeMap<Long, NewEntry> indexOf = new TreeMap<>();
    private final Map<String, byte[]> notes = new HashMap<>();
    /** Stored level → index → node hash (tree.TiledTree). */
    private final Map<Integer, TreeMap<Long, byte[]>> treeNodes = new HashMap<>();
    private CompactRange treeBase;
    /** Snapshot name → seq → stored bytes. */
    private final Map<String, TreeMap<Long, byte[]>> snapshots = new HashMap<>();
    /** Consumer name → stored cursor bytes. */
    private final Map<String, byte[]> cursors = new HashMap<>();
    private LogMeta meta;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public LogMeta readMeta() {
        lock.readLock().lock();
        try {
            return meta;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long lastStoredSeq() {
        lock.readLock().lock();
        try {
            return entries.isEmpty() ? 0 : entries.lastKey();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void commit(CommitBatch batch, boolean sync) {
        lock.writeLock().lock();
        try {
            for (NewEntry e : batch.entries()) {
                entries.put(e.seq(), e.value());
                checksums.put(e.seq(), e.hash());
                byUuid.put(e.uuid(), e.seq());
                if (e.requestId() != null) {
                    byRequest.computeIfAbsent(e.requestId(), k -> new TreeSet<>()).add(e.seq());
                }
                if (e.source() != null) {
                    bySource.computeIfAbsent(e.source(), k -> new TreeSet<>()).add(e.seq());
                }
                indexOf.put(e.seq(), new NewEntry(e.seq(), null, null, e.uuid(), e.requestId(), e.source()));
            }
            for (TreeNode n : batch.nodes()) {
                treeNodes.computeIfAbsent(n.level(), k -> new TreeMap<>()).put(n.index(), n.hash());
            }
            if (batch.cut() != null) {
                prune(batch.cut().newStart(), TiledTree.firstKeptLeaf(batch.cut().prunedTree().size()) + 1);
                batch.cut().close();
            }
            if (batch.treeBase() != null) { // the stored nodes below it stay: see TiledTree
                treeBase = batch.treeBase();
            }
            notes.putAll(batch.notes());
            batch.cursors().put().forEach((name, c) -> cursors.put(name, c.toBytes()));
            batch.cursors().delete().forEach(cursors::remove);
            meta = batch.meta();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Nothing to read ahead: the index keys of every entry are kept by seq ({@code indexOf}). */
    @Override
    public PreparedCut prepareCut(long newStart, CompactRange prunedTree) {
        lock.readLock().lock();
        try {
            long stored = entries.headMap(newStart).size();
            return PreparedCut.of(newStart, prunedTree, stored);
        } finally {
            lock.readLock().unlock();
        }
    }


    /** Drops the entries below {@code before}, and their checksums below {@code checksumsBefore} (tree leaf data). */
    private void prune(long before, long checksumsBefore) {
        entries.headMap(before).clear();
        checksums.headMap(checksumsBefore).clear();
        NavigableMap<Long, NewEntry> dropped = indexOf.headMap(before, false);
        for (NewEntry e : dropped.values()) {
            byUuid.remove(e.uuid(), e.seq());
            removeIndexed(byRequest, e.requestId(), e.seq());
            removeIndexed(bySource, e.source(), e.seq());
        }
        dropped.clear();
    }

    private static void removeIndexed(Map<String, NavigableSet<Long>> index, String key, long seq) {
        if (key == null) {
            return;
        }
        NavigableSet<Long> seqs = index.get(key);
        if (seqs != null && seqs.remove(seq) && seqs.isEmpty()) {
            index.remove(key);
        }
    }

    @Override
    public byte[] note(String name) {
        lock.readLock().lock();
        try {
            return notes.get(name);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void putSnapshot(String name, long seq, byte[] value, long[] removeSeqs) {
        withWriteLock(() -> {
            TreeMap<Long, byte[]> byName = snapshots.computeIfAbsent(name, k -> new TreeMap<>());
            byName.put(seq, value);
            for (long r : removeSeqs) {
                byName.remove(r);
            }
        });
    }

    @Override
    public long[] snapshotSeqs(String name) {
        lock.readLock().lock();
        try {
            TreeMap<Long, byte[]> byName = snapshots.get(name);
            return byName == null ? new long[0] : byName.keySet().stream().mapToLong(Long::longValue).toArray();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public byte[] snapshot(String name, long seq) {
        lock.readLock().lock();
        try {
            TreeMap<Long, byte[]> byName = snapshots.get(name);
            return byName == null ? null : byName.get(seq);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> snapshotNames() {
        lock.readLock().lock();
        try {
            return snapshots.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).sorted()
                    .toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Map<String, byte[]> consumerCursors() {
        lock.readLock().lock();
        try {
            return Map.copyOf(cursors);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public CompactRange treeBase() {
        lock.readLock().lock();
        try {
            return treeBase;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public byte[] treeNode(int level, long index) {
        lock.readLock().lock();
        try {
            TreeMap<Long, byte[]> nodes = treeNodes.get(level);
            return nodes == null ? null : nodes.get(index);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<byte[]> treeNodes(int level, long from, long to) {
        lock.readLock().lock();
        try {
            TreeMap<Long, byte[]> nodes = treeNodes.get(level);
            return nodes == null ? List.of() : contiguous(nodes, from, to);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<byte[]> checksums(long fromSeq, long toSeq) {
        lock.readLock().lock();
        try {
            return contiguous(checksums, fromSeq, toSeq);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The values of keys from, from + 1, … below to, stopping at the first missing key. */
    private static List<byte[]> contiguous(TreeMap<Long, byte[]> map, long from, long to) {
        List<byte[]> out = new ArrayList<>();
        for (long k = from; k < to; k++) {
            byte[] v = map.get(k);
            if (v == null) {
                break;
            }
            out.add(v);
        }
        return out;
    }

    @Override
    public byte[] value(long seq) {
        lock.readLock().lock();
        try {
            return entries.get(seq);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public byte[] checksum(long seq) {
        lock.readLock().lock();
        try {
            return checksums.get(seq);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public RecordCursor scan(long fromSeq, long toSeq) {
        return new Cursor(fromSeq, toSeq);
    }

    @Override
    public long seqOfUuid(String uuid) {
        lock.readLock().lock();
        try {
            return byUuid.getOrDefault(uuid, 0L);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long[] seqsOfRequest(String requestId) {
        lock.readLock().lock();
        try {
            NavigableSet<Long> seqs = byRequest.get(requestId);
            return seqs == null ? new long[0] : seqs.stream().mapToLong(Long::longValue).toArray();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long[] seqsOfSource(String source, long afterSeq, int limit) {
        lock.readLock().lock();
        try {
            NavigableSet<Long> seqs = bySource.get(source);
            if (seqs == null) {
                return new long[0];
            }
            return seqs.tailSet(afterSeq, false).stream().limit(limit).mapToLong(Long::longValue).toArray();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        // Nothing to release: the maps go with the object.
    }

    // ---------------------------------------------------------------- damage, for tests of verify

    /** Overwrites a stored value without touching its checksum or the chain: simulated tampering. */
    void tamperValue(long seq, byte[] value) {
        withWriteLock(() -> entries.put(seq, value));
    }

    void tamperChecksum(long seq, byte[] checksum) {
        withWriteLock(() -> checksums.put(seq, checksum));
    }

    /** Deletes the value (and, if asked, the checksum) under {@code seq}. */
    void tamperDelete(long seq, boolean checksumToo) {
        withWriteLock(() -> {
            entries.remove(seq);
            if (checksumToo) {
                checksums.remove(seq);
            }
        });
    }

    void tamperSnapshot(String name, long seq, byte[] value) {
        withWriteLock(() -> snapshots.computeIfAbsent(name, k -> new TreeMap<>()).put(seq, value));
    }

    void tamperTreeNode(int level, long index, byte[] hash) {
        withWriteLock(() -> treeNodes.computeIfAbsent(level, k -> new TreeMap<>()).put(index, hash));
    }

    void tamperMeta(LogMeta m) {
        withWriteLock(() -> meta = m);
    }

    private void withWriteLock(Runnable r) {
        lock.writeLock().lock();
        try {
            r.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Copies up to {@link #SCAN_CHUNK} records at a time under the read lock. */
    private final class Cursor implements RecordCursor {
        private final long toSeq;
        private long nextFrom;
        private final List<Long> keys = new ArrayList<>();
        private final List<byte[]> values = new ArrayList<>();
        private final List<byte[]> sums = new ArrayList<>();
        private int at = -1;
        private boolean exhausted;

        Cursor(long fromSeq, long toSeq) {
            this.nextFrom = fromSeq;
            this.toSeq = toSeq;
        }

        @Override
        public boolean next() {
            if (++at < keys.size()) {
                return true;
            }
            if (exhausted || nextFrom > toSeq) {
                return false;
            }
            keys.clear();
            values.clear();
            sums.clear();
            at = 0;
            lock.readLock().lock();
            try {
                for (Map.Entry<Long, byte[]> e : entries.subMap(nextFrom, true, toSeq, true).entrySet()) {
                    keys.add(e.getKey());
                    values.add(e.getValue());
                    sums.add(checksums.get(e.getKey()));
                    if (keys.size() == SCAN_CHUNK) {
                        break;
                    }
                }
            } finally {
                lock.readLock().unlock();
            }
            if (keys.size() < SCAN_CHUNK) {
                exhausted = true;
            }
            if (keys.isEmpty()) {
                return false;
            }
            nextFrom = keys.get(keys.size() - 1) + 1;
            return true;
        }

        @Override
        public long seq() {
            return keys.get(at);
        }

        @Override
        public byte[] value() {
            return values.get(at);
        }

        @Override
        public byte[] checksum() {
            return sums.get(at);
        }

        @Override
        public void close() {
            keys.clear();
        }
    }
}
