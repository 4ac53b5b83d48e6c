package dev.chainlog.store;

import dev.chainlog.tree.CompactRange;

import java.util.List;

/**
 * The storage SPI the log drives (docs/DESIGN.md: Storage layout). A store keeps bytes; it never assigns seqs, hashes
 * or decides
 * retention: the log does, and its recovery procedure works the same over every store.
 *
 * <p>Threading: {@link #commit} is called by one writer thread at a time; reads may run concurrently with it and
 * with each other. Keys are seqs; "stored" means present in the entries column, whatever the meta says.
 */
public interface LogStore extends AutoCloseable {
    /** The backend's name, for stats and messages. */
    String name();

    /** The stored meta, or null for a store that has never been committed to. */
    LogMeta readMeta();

    /** The highest key in the entries column, or 0 when it is empty (RocksDB: {@code seekToLast}). */
    long lastStoredSeq();

    /**
     * Applies a batch atomically, including the new meta. With {@code sync}, durable on disk before returning;
     * without, durable as the store's mode makes any write (a WAL written but not fsynced, or nothing). The store
     * never changes the flag: whether a commit is synced is decided once, by the log's commit point.
     */
    void commit(CommitBatch batch, boolean sync);

    /**
     * Prepares the cut of every stored entry below {@code newStart} (with its checksum and index entries) without
     * writing anything, for a later {@link #commit}. Called off the writer, while commits that only add entries above
     * the log's head go on; never concurrently with another cut's commit. See {@link PreparedCut}.
     *
     * @param prunedTree the compact range of the leaves the cut prunes, [0, newStart − 1), which the commit stores
     *                   as the new {@link #treeBase()}; the stored tree nodes stay (see tree.TiledTree)
     */
    PreparedCut prepareCut(long newStart, CompactRange prunedTree);

    /**
     * A note stored by {@link CommitBatch#notes()} (the log keeps its latest signed checkpoint and its signed prune
     * anchor this way), or null. A store that cannot keep notes returns null and ignores them in commits.
     */
    default byte[] note(String name) {
        return null;
    }

    // ---------------------------------------------------------------- the Merkle tree (tree.TiledTree)

    /**
     * The compact range of the pruned leaves as the last commit with a {@link CommitBatch#treeBase()} stored it
     * ({@link dev.chainlog.tree.CompactRange#empty()} for a log that never pruned); null when the store has never
     * kept a tree: a log written before chainlog kept one, whose tree the log builds once.
     */
    CompactRange treeBase();

    /** The stored tree node at {@code level} (a stored level) and {@code index}, or null. */
    byte[] treeNode(int level, long index);

    /** The stored tree nodes {@code from} ≤ index &lt; {@code to} of {@code level}, ascending, stopping at a gap. */
    List<byte[]> treeNodes(int level, long from, long to);

    /**
     * The checksums of seqs {@code fromSeq} ≤ seq &lt; {@code toSeq}, ascending, stopping at the first one not
     * stored: the tree's leaf data, read without the values.
     */
    List<byte[]> checksums(long fromSeq, long toSeq);

    // ---------------------------------------------------------------- durable consumers

    /**
     * Every durable consumer's stored cursor ({@link ConsumerCursor#toBytes()}) as the last commits wrote them
     * ({@link CommitBatch#cursors()}), by name: the log decodes them, and reports what does not decode.
     */
    java.util.Map<String, byte[]> consumerCursors();

    // ---------------------------------------------------------------- snapshots (core.Snapshots)

    /**
     * Stores the snapshot {@code value} of {@code name} taken after entry {@code seq} and removes that name's
     * snapshots at {@code removeSeqs}, atomically and durably (synced): a snapshot is written once and kept, and a
     * crash leaves the old set or the new one. Snapshots are the application's, beside the log: they change nothing
     * the log's commits write, so they are written without the writer.
     */
    void putSnapshot(String name, long seq, byte[] value, long[] removeSeqs);

    /** The seqs of {@code name}'s stored snapshots, ascending. */
    long[] snapshotSeqs(String name);

    /** The stored snapshot of {@code name} at {@code seq}, or null. */
    byte[] snapshot(String name, long seq);

    /** The names that have stored snapshots, sorted. */
    List<String> snapshotNames();

    /** The stored value under {@code seq}, or null. */
    byte[] value(long seq);

    /** The checksum column's value for {@code seq}, or null. */
    byte[] checksum(long seq);

    /** Stored entries with {@code fromSeq <= key <= toSeq}, ascending, each with its checksum. */
    RecordCursor scan(long fromSeq, long toSeq);

    /**
     * As {@link #scan}, for readers that never look at checksums (pages, replay): {@link RecordCursor#checksum()}
     * may return null. A store whose checksums cost a second read (RocksDB: a second iterator) skips it.
     */
    default RecordCursor scanValues(long fromSeq, long toSeq) {
        return scan(fromSeq, toSeq);
    }

    /** The seq indexed for this uuid, or 0. May name a pruned seq: the caller checks it against logStartSeq. */
    long seqOfUuid(String uuid);

    /**
     * {@link #seqOfUuid} of each uuid, in one lookup where the store can batch them (RocksDB: one multi-get): the
     * writer asks once per commit group.
     */
    default long[] seqsOfUuids(List<String> uuids) {
        long[] seqs = new long[uuids.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = seqOfUuid(uuids.get(i));
        }
        return seqs;
    }

    /** The seqs indexed for this request id, ascending (empty when none). May name pruned seqs. */
    long[] seqsOfRequest(String requestId);

    /** {@link #seqsOfRequest} of each request id, in one pass where the store can batch them. */
    default List<long[]> seqsOfRequests(List<String> requestIds) {
        List<long[]> seqs = new java.util.ArrayList<>(requestIds.size());
        for (String id : requestIds) {
            seqs.add(seqsOfRequest(id));
        }
        return seqs;
    }

    /** The stored values of {@code seqs} (null where none), in one lookup where the store can batch them. */
    default List<byte[]> values(long[] seqs) {
        List<byte[]> values = new java.util.ArrayList<>(seqs.length);
        for (long seq : seqs) {
            values.add(value(seq));
        }
        return values;
    }

    /** Up to {@code limit} seqs indexed for this source with seq &gt; {@code afterSeq}, ascending. */
    long[] seqsOfSource(String source, long afterSeq, int limit);

    /**
     * The storage engine's own integrity checks (block checksums and the like), for a deep verify. Each string
     * describes one problem; an empty list means the engine found nothing (or has no such check).
     */
    default List<String> engineIntegrityProblems() {
        return List.of();
    }

    /**
     * Writes a consistent copy of the store into {@code dir} (which must not exist) while it stays open for writes;
     * the copy opens as a log. Stores that cannot do this throw {@link UnsupportedOperationException}.
     */
    default void backup(java.nio.file.Path dir) {
        throw new UnsupportedOperationException("the " + name() + " backend has no online backup");
    }

    /**
     * Returns once every committed cut is physically done: a store that removes a cut prefix in the background
     * (RocksDB) waits for that. A store that cuts in the commit has nothing to wait for.
     */
    default void finishCuts() {
    }

    /**
     * Finishes every committed cut and gives its storage back now, on the calling thread, and returns when done;
     * {@code progress} (may be null) hears how many pruned entries were removed so far. Default: nothing to do.
     */
    default void reclaimSpace(java.util.function.LongConsumer progress) {
    }

    /** True while the storage of a committed cut is still to be given back (by this process or the next writer). */
    default boolean reclaimPending() {
        return false;
    }

    /** Bytes of storage given back after retention cuts since the store was opened (0: not measured). */
    default long reclaimedBytes() {
        return 0;
    }

    /** True for a store opened with {@link LogStoreProvider#openReadOnly}: commits are refused. */
    default boolean readOnly() {
        return false;
    }

    /**
     * For a read-only store beside a writing process: catches up with what the writer has committed since (RocksDB:
     * {@code tryCatchUpWithPrimary}), atomically, so meta and entries stay consistent. No-op otherwise.
     */
    default void refresh() {
    }

    /** Releases everything the store holds. Idempotent. */
    @Override
    void close();
}
