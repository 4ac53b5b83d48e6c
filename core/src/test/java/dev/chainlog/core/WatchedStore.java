package dev.chainlog.core;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.StorageException;
import dev.chainlog.memory.MemoryLogStore;
import dev.chainlog.store.CommitBatch;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.NewEntry;
import dev.chainlog.store.PreparedCut;
import dev.chainlog.store.RecordCursor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real in-memory store the writer's unit tests can watch and break: it counts the lookups the writer makes, records
 * the sync flag of every commit, and fails the next commit on request — either before anything is applied (the
 * stored meta still reads as before), or after applying it (the outcome the writer cannot confirm).
 */
final class WatchedStore implements LogStore {
    enum Fault { NONE, BEFORE_APPLYING, AFTER_APPLYING }

    final MemoryLogStore store = new MemoryLogStore();
    final List<Boolean> syncFlags = new ArrayList<>();
    final AtomicInteger requestLookups = new AtomicInteger();
    final AtomicInteger uuidLookups = new AtomicInteger();
    final AtomicInteger valueLookups = new AtomicInteger();
    volatile Fault nextCommit = Fault.NONE;
    volatile boolean metaUnreadable;
    volatile boolean prepareFails;
    final AtomicInteger preparedCuts = new AtomicInteger();

    /** A store holding {@code entries} chained events of kind {@code seeded} (seq 1..n), with their meta. */
    static WatchedStore withEntries(int entries) {
        WatchedStore s = new WatchedStore();
        LogMeta meta = LogMeta.initial("unit-test-log");
        CommitPoint.commitFirstMeta(s.store, meta);
        if (entries > 0) {
            EntryChain chain = new EntryChain();
            chain.begin(0, meta.headHash(), 0, 1_000_000);
            List<NewEntry> stored = new ArrayList<>();
            for (int i = 0; i < entries; i++) {
                chain.chain(AppendRequest.of(Event.of("seeded")), null, stored);
            }
            s.seed(stored, meta.withHead(chain.nextSeq() - 1, chain.prev(), chain.ts()));
        }
        s.syncFlags.clear();
        return s;
    }

    /** Commits {@code entries} (already chained on the stored head) directly, as a seed. */
    void seed(List<NewEntry> entries, LogMeta meta) {
        long size = entries.isEmpty() ? meta.headSeq() : entries.get(0).seq() - 1;
        List<dev.chainlog.tree.TreeNode> nodes = new TreeFrontier(new LogTree(store).range(size)).append(entries);
        store.commit(new CommitBatch(entries, null, meta, java.util.Map.of(), nodes, null), true);
    }

    List<Entry> stored() {
        List<Entry> all = new ArrayList<>();
        try (RecordCursor c = store.scan(1, Long.MAX_VALUE)) {
            while (c.next()) {
                all.add(Entry.of(c.seq(), c.value(), c.checksum()));
            }
        }
        return all;
    }

    @Override
    public String name() {
        return "watched-memory";
    }

    @Override
    public LogMeta readMeta() {
        if (metaUnreadable) {
            throw new StorageException("meta unreadable (injected)");
        }
        return store.readMeta();
    }

    @Override
    public long lastStoredSeq() {
        return store.lastStoredSeq();
    }

    @Override
    public void commit(CommitBatch batch, boolean sync) {
        Fault fault = nextCommit;
        nextCommit = Fault.NONE;
        if (fault == Fault.BEFORE_APPLYING) {
            throw new StorageException("disk full (injected)");
        }
        store.commit(batch, sync);
        syncFlags.add(sync);
        if (fault == Fault.AFTER_APPLYING) {
            throw new StorageException("connection to the disk lost after the write (injected)");
        }
    }

    @Override
    public PreparedCut prepareCut(long newStart, dev.chainlog.tree.CompactRange prunedTree) {
        if (prepareFails) {
            prepareFails = false;
            throw new StorageException("read error while preparing a cut (injected)");
        }
        preparedCuts.incrementAndGet();
        return store.prepareCut(newStart, prunedTree);
    }

    @Override
    public byte[] note(String name) {
        return store.note(name);
    }

    @Override
    public byte[] value(long seq) {
        return store.value(seq);
    }

    @Override
    public byte[] checksum(long seq) {
        return store.checksum(seq);
    }

    @Override
    public void putSnapshot(String name, long seq, byte[] value, long[] removeSeqs) {
        store.putSnapshot(name, seq, value, removeSeqs);
    }

    @Override
    public long[] snapshotSeqs(String name) {
        return store.snapshotSeqs(name);
    }

    @Override
    public byte[] snapshot(String name, long seq) {
        return store.snapshot(name, seq);
    }

    @Override
    public List<String> snapshotNames() {
        return store.snapshotNames();
    }

    @Override
    public java.util.Map<String, byte[]> consumerCursors() {
        return store.consumerCursors();
    }

    @Override
    public dev.chainlog.tree.CompactRange treeBase() {
        return store.treeBase();
    }

    @Override
    public byte[] treeNode(int level, long index) {
        return store.treeNode(level, index);
    }

    @Override
    public List<byte[]> treeNodes(int level, long from, long to) {
        return store.treeNodes(level, from, to);
    }

    @Override
    public List<byte[]> checksums(long fromSeq, long toSeq) {
        return store.checksums(fromSeq, toSeq);
    }

    @Override
    public RecordCursor scan(long fromSeq, long toSeq) {
        return store.scan(fromSeq, toSeq);
    }

    @Override
    public long seqOfUuid(String uuid) {
        return store.seqOfUuid(uuid);
    }

    @Override
    public long[] seqsOfUuids(List<String> uuids) {
        uuidLookups.incrementAndGet();
        return store.seqsOfUuids(uuids);
    }

    @Override
    public long[] seqsOfRequest(String requestId) {
        return store.seqsOfRequest(requestId);
    }

    @Override
    public List<long[]> seqsOfRequests(List<String> requestIds) {
        requestLookups.incrementAndGet();
        return store.seqsOfRequests(requestIds);
    }

    @Override
    public List<byte[]> values(long[] seqs) {
        valueLookups.incrementAndGet();
        return store.values(seqs);
    }

    @Override
    public long[] seqsOfSource(String source, long afterSeq, int limit) {
        return store.seqsOfSource(source, afterSeq, limit);
    }

    @Override
    public void close() {
        store.close();
    }
}
