package dev.chainlog.core;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.CheckpointReport;
import dev.chainlog.api.ConsistencyProof;
import dev.chainlog.api.ConsumerPosition;
import dev.chainlog.api.ConsumerPositionMismatchException;
import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.DurableConsumer;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.Head;
import dev.chainlog.api.InclusionProof;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.LogStats;
import dev.chainlog.api.LogTail;
import dev.chainlog.api.Page;
import dev.chainlog.api.ReplayResult;
import dev.chainlog.api.Snapshot;
import dev.chainlog.api.SnapshotInfo;
import dev.chainlog.api.StorageException;
import dev.chainlog.api.TilesWritten;
import dev.chainlog.api.VerifyOptions;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Hashes;
import dev.chainlog.chain.MalformedValueException;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.CheckpointPolicy;
import dev.chainlog.checkpoint.NoteVerifier;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.store.ConsumerCursor;
import dev.chainlog.store.CursorChanges;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.RecordCursor;
import dev.chainlog.verify.CheckpointAudit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The read side of a log over a store, shared by the writable log ({@link ChainedEventLog}) and the read-only one
 * ({@link FollowerLog}): reads straight from the store, bounded by the published head and the visible log start
 * (docs/DESIGN.md: Consistent reads, Retention).
 *
 * <p>Each read takes the published {@link HighWatermark} first and never returns past its head, so it never sees a
 * batch half-published, and it filters by the visible start, so it never returns an expired entry, whether or not
 * the writer has cut it from storage yet. How a read is made consistent with the store's own view is the
 * subclass's ({@link #consistently}): the writer's store is always current; a follower catches up and retries.
 */
abstract class ReadableLog implements EventLog {
    final LogStore store;
    final EventLogConfig config;
    final HighWatermark watermark;
    final Retention retention;
    final LogTree tree;
    private final Snapshots snapshots;
    private final Object closeLock = new Object();
    private volatile boolean closed;

    ReadableLog(LogStore store, EventLogConfig config, LogMeta meta) {
        this.store = store;
        this.config = config;
        this.watermark = new HighWatermark(meta);
        this.retention = new Retention(config.ttl(), config.effectiveMaxEntries(), config.clock(), store);
        this.tree = new LogTree(store);
        this.snapshots = new Snapshots(store, new Snapshots.View() {
            @Override
            public LogMeta meta() {
                return watermark.meta();
            }

            @Override
            public long visibleStart(LogMeta meta) {
                return retention.visibleStart(meta);
            }

            @Override
            public byte[] hashAt(long seq, LogMeta meta) {
                return ReadableLog.this.hashAt(seq, meta);
            }
        });
        refreshHolds();
    }

    /**
     * Runs {@code read} against one view of the store; a result that is not {@code whole} (or a damage seen) may be
     * a view that lags a writer elsewhere, which a follower catches up and reads again.
     */
    abstract <T> T consistently(Supplier<T> read, Predicate<T> whole);

    /** True for a log opened read-only beside a writer. */
    abstract boolean readOnly();

    /** Entries appended through this handle since it was opened. */
    abstract long appended();

    /** Tasks queued for the writer and not yet taken (0 without a writer). */
    long queueDepth() {
        return 0;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Page read(long sinceSeq, int limit) {
        return consistently(() -> readPage(sinceSeq, limit), page -> complete(page, sinceSeq, limit));
    }

    /** Every retained entry the page should hold is there, in order: from its first seq up to the limit or head. */
    private static boolean complete(Page page, long sinceSeq, int limit) {
        if (sinceSeq >= page.head().seq()) {
            return page.entries().isEmpty(); // nothing after the head (and no sinceSeq + 1 overflow)
        }
        long from = Math.max(sinceSeq + 1, page.logStartSeq());
        long expected = Math.max(0, Math.min(limit, page.head().seq() - from + 1));
        List<Entry> entries = page.entries();
        if (entries.size() != expected) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).seq() != from + i) {
                return false;
            }
        }
        return true;
    }

    private Page readPage(long sinceSeq, int limit) {
        checkOpen();
        checkCursor(sinceSeq, limit);
        LogMeta meta = watermark.meta();
        long start = retention.visibleStart(meta);
        Head head = head(meta);
        if (limit == 0 || sinceSeq >= meta.headSeq()) {
            return new Page(List.of(), sinceSeq, start, head);
        }
        long from = Math.max(sinceSeq + 1, start);
        long to = meta.headSeq() - from + 1 > limit ? from + limit - 1 : meta.headSeq();
        List<Entry> entries = new ArrayList<>((int) Math.min(limit, to - from + 1));
        try (RecordCursor c = store.scanValues(from, to)) {
            while (c.next()) {
                entries.add(Entry.of(c.seq(), c.value()));
            }
        }
        // A retention cut may have run during the scan: the start only moves forward, so re-apply it. The store may
        // be ahead of the published meta (a cut committed, not yet published): if the page does not begin where it
        // should, the store's own log start says why, and the page must say so too (cursorExpired), never skip.
        long startAfter = retention.visibleStart(watermark.meta());
        if (entries.isEmpty() ? from <= meta.headSeq() : entries.get(0).seq() > from) {
            LogMeta stored = store.readMeta();
            if (stored != null) {
                startAfter = Math.max(startAfter, Math.min(stored.logStartSeq(), meta.headSeq() + 1));
            }
        }
        if (startAfter > start) {
            long cut = startAfter;
            entries.removeIf(e -> e.seq() < cut);
            start = startAfter;
        }
        return new Page(entries, sinceSeq, start, head);
    }

    @Override
    public Page readStrict(long sinceSeq, int limit) {
        Page page = read(sinceSeq, limit);
        if (page.cursorExpired() && sinceSeq < page.head().seq()) {
            throw new CursorExpiredException(sinceSeq, page.logStartSeq());
        }
        return page;
    }

    @Override
    public Optional<Entry> get(long seq) {
        checkOpen();
        LogMeta meta = watermark.meta();
        if (seq < retention.visibleStart(meta) || seq > meta.headSeq()) {
            return Optional.empty();
        }
        return load(seq);
    }

    @Override
    public Optional<Entry> findByUuid(String uuid) {
        checkOpen();
        if (uuid == null) {
            return Optional.empty();
        }
        long seq = store.seqOfUuid(uuid);
        return seq == 0 ? Optional.empty() : get(seq).filter(e -> uuid.equals(e.uuid()));
    }

    @Override
    public List<Entry> findByRequestId(String requestId) {
        checkOpen();
        List<Entry> out = new ArrayList<>();
        if (requestId == null) {
            return out;
        }
        for (long seq : store.seqsOfRequest(requestId)) {
            get(seq).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public List<Entry> bySource(String source, long sinceSeq, int limit) {
        checkOpen();
        checkCursor(sinceSeq, limit);
        List<Entry> out = new ArrayList<>();
        if (source == null || limit == 0) {
            return out;
        }
        LogMeta meta = watermark.meta();
        long after = Math.max(sinceSeq, retention.visibleStart(meta) - 1);
        for (long seq : store.seqsOfSource(source, after, limit)) {
            if (seq > meta.headSeq()) {
                break;
            }
            load(seq).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public List<Entry> timeRange(Instant from, Instant to, int limit) {
        checkOpen();
        if (from == null || to == null) {
            throw new IllegalArgumentException("timeRange needs both bounds");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        long fromTs = micros(from);
        long toTs = micros(to);
        List<Entry> out = new ArrayList<>();
        LogMeta meta = watermark.meta();
        long lo = retention.visibleStart(meta);
        long hi = meta.headSeq();
        if (limit == 0 || fromTs > toTs || lo > hi) {
            return out;
        }
        // ts never decreases along seq: binary search for the first entry with ts >= from.
        long first = hi + 1;
        long a = lo;
        long b = hi;
        while (a <= b) {
            long mid = a + (b - a) / 2;
            long ts = tsOf(mid);
            if (ts >= fromTs) {
                first = mid;
                b = mid - 1;
            } else {
                a = mid + 1;
            }
        }
        if (first > hi) {
            return out;
        }
        try (RecordCursor c = store.scanValues(first, hi)) {
            while (c.next() && out.size() < limit) {
                Entry e = Entry.of(c.seq(), c.value());
                long ts = tsOf(c.value());
                if (ts > toTs) {
                    break;
                }
                if (ts >= fromTs) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    @Override
    public Head head() {
        checkOpen();
        return head(watermark.meta());
    }

    @Override
    public long logStartSeq() {
        checkOpen();
        return retention.visibleStart(watermark.meta());
    }

    @Override
    public LogStats stats() {
        checkOpen();
        LogMeta meta = watermark.meta();
        long start = retention.visibleStart(meta);
        long count = Math.max(0, meta.headSeq() - start + 1);
        long firstTs = 0;
        long firstSeq = 0;
        if (count > 0) {
            firstSeq = start;
            byte[] first = store.value(start);
            firstTs = first == null ? 0 : tsOf(first); // a missing first entry is verify's to report, not stats' to fail on
        }
        return new LogStats(count, start, firstSeq, meta.headSeq(), firstTs, count > 0 ? meta.headTs() : 0,
                appended(), store.name(), queueDepth(), store.reclaimedBytes());
    }

    @Override
    public LogTail subscribe(long sinceSeq) {
        checkOpen();
        checkCursor(sinceSeq, 0);
        return new TailSubscription(this, watermark, sinceSeq);
    }

    // ---------------------------------------------------------------- integrity

    @Override
    public IntegrityReport verify(VerifyOptions options) {
        checkOpen();
        // The stored meta, not the published one: verify checks what is on disk, including a recorded head that
        // someone rewound behind the log's back (a pinned head then tells).
        long started = System.nanoTime();
        IntegrityReport report = consistently(() -> {
            LogMeta stored = store.readMeta();
            return new ChainVerifier(store, stored, retention.visibleStart(stored),
                    options == null ? VerifyOptions.DEFAULT : options, () -> store.readMeta().logStartSeq()).verify();
        }, r -> !mayBeALaggingView(r));
        long nanos = System.nanoTime() - started;
        Observers.call(() -> config.observer().verified(report, nanos));
        return report;
    }

    /**
     * What a view that lags a writer elsewhere can show for a moment: entries missing, the head ahead, or a tree node
     * not yet visible (a RocksDB secondary sees one column family's flush before another's).
     */
    private static boolean mayBeALaggingView(IntegrityReport report) {
        return report.problems().stream().anyMatch(p -> switch (p.kind()) {
            case SEQUENCE_GAP, TRUNCATED, HEAD_MISMATCH, TREE_MISMATCH -> true;
            default -> false;
        });
    }

    // ---------------------------------------------------------------- durable consumers

    @Override
    public DurableConsumer consumer(String name) {
        checkOpen();
        ConsumerCursor.requireName(name);
        return new StoredConsumer(this, name);
    }

    @Override
    public List<ConsumerPosition> consumers() {
        checkOpen();
        List<ConsumerPosition> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(store.consumerCursors()).entrySet()) {
            out.add(position(decode(e.getKey(), e.getValue())));
        }
        return out;
    }

    @Override
    public boolean deleteConsumer(String name) {
        checkOpen();
        ConsumerCursor.requireName(name);
        if (!store.consumerCursors().containsKey(name)) {
            return false;
        }
        writeCursors(CursorChanges.delete(name));
        return true;
    }

    /** Writes cursor changes on the log's commit path (the writer's), then {@link #refreshHolds}; read-only refuses. */
    abstract void writeCursors(CursorChanges changes);

    /** Retention learns the consumers' holds as stored now (a cursor that does not decode holds nothing). */
    final void refreshHolds() {
        CommittedCursors cached = committedCursors();
        if (cached != null) {
            retention.holdFor(cached.all());
            return;
        }
        List<ConsumerCursor> cursors = new ArrayList<>();
        store.consumerCursors().forEach((name, bytes) -> {
            try {
                cursors.add(ConsumerCursor.fromBytes(name, bytes));
            } catch (IllegalArgumentException damaged) {
                // its consumer is refused when used (decode); it holds nothing
            }
        });
        retention.holdFor(cursors);
    }

    /** Sets consumer {@code name}'s retention hold ({@link DurableConsumer#holdRetention}). */
    final void holdRetention(String name, long maxEntries) {
        checkOpen();
        if (maxEntries < 0) {
            throw new IllegalArgumentException("a hold bound is 0 (none) or a number of entries, got " + maxEntries);
        }
        writeCursors(CursorChanges.put(storedCursor(name).holding(maxEntries)));
    }

    /** The committed position of consumer {@code name} (seq 0 when it never committed). */
    final ConsumerPosition consumerPosition(String name) {
        return position(storedCursor(name));
    }

    private ConsumerCursor storedCursor(String name) {
        CommittedCursors cached = committedCursors();
        if (cached != null) {
            return cached.get(name);
        }
        byte[] b = store.consumerCursors().get(name);
        return b == null ? ConsumerCursor.initial(name, 0) : decode(name, b);
    }

    /**
     * The cursors as this process committed them, when it is the only writer of them (the writable log: a read
     * costs no store read); null for a read-only log, whose writer is elsewhere and which reads the store.
     */
    CommittedCursors committedCursors() {
        return null;
    }

    private static ConsumerCursor decode(String name, byte[] b) {
        try {
            return ConsumerCursor.fromBytes(name, b);
        } catch (IllegalArgumentException e) {
            throw new CorruptLogException(e.getMessage() + "; the consumer is refused rather than reset (delete it to "
                    + "start it again from seq 1)");
        }
    }

    private static ConsumerPosition position(ConsumerCursor c) {
        return new ConsumerPosition(c.name(), c.seq(), Hashes.hex(c.hash()), c.holdEntries());
    }

    /**
     * Where consumer {@code name} resumes: its committed seq, once the log is seen to hold that entry with the
     * committed hash (or the prune anchor names it). Below the anchor, the entries after it are gone, which the first
     * read reports ({@link CursorExpiredException}).
     *
     * @throws ConsumerPositionMismatchException the log does not hold the committed entry as committed
     */
    final long checkedResumePoint(String name) {
        ConsumerCursor c = storedCursor(name);
        LogMeta m = watermark.meta();
        if (c.seq() > m.headSeq()) {
            throw new ConsumerPositionMismatchException("consumer '" + name + "' committed seq " + c.seq()
                    + ", beyond this log's head " + m.headSeq() + ": the log was truncated or replaced under it");
        }
        byte[] actual = hashAt(c.seq(), m);
        if (actual != null && !Arrays.equals(actual, c.hash())) {
            throw new ConsumerPositionMismatchException("consumer '" + name + "' committed seq " + c.seq() + " with hash "
                    + Hashes.hex(c.hash()) + ", but the log holds " + Hashes.hex(actual) + " there: the log was rewritten "
                    + "under the consumer (run verify --checkpoint); it does not resume");
        }
        return c.seq();
    }

    /**
     * The hash of entry {@code seq} as the log knows it — zeros for 0, the prune anchor just below the start, the
     * checksum of a stored entry — or null below the anchor (pruned, unknown).
     */
    private byte[] hashAt(long seq, LogMeta m) {
        if (seq == 0) {
            return Hashes.zero();
        }
        if (seq == m.logStartSeq() - 1) {
            return m.logStartPrev();
        }
        if (seq < m.logStartSeq()) {
            return null;
        }
        byte[] sum = store.checksum(seq);
        if (sum != null) {
            return sum;
        }
        byte[] value = store.value(seq); // read once: a damaged log may have the value without its checksum
        return Hashes.sha256(value == null ? new byte[0] : value);
    }

    /** Appends {@code request} and writes {@code cursor} in the same batch; a read-only log refuses. */
    abstract List<Entry> appendAndWriteCursor(AppendRequest request, ConsumerCursor cursor);

    /** Commits consumer {@code name} at entry {@code seq} with hash {@code hash}, refused unless the log holds it. */
    final void commitConsumer(String name, long seq, String hash) {
        writeCursors(CursorChanges.put(checkedCursor(name, seq, hash)));
    }

    /** Appends {@code request} and commits consumer {@code name} at {@code seq}/{@code hash}, in one write. */
    final List<Entry> appendAndCommitConsumer(AppendRequest request, String name, long seq, String hash) {
        return appendAndWriteCursor(request, checkedCursor(name, seq, hash));
    }

    /** The cursor of consumer {@code name} moved to entry {@code seq}, refused unless the log holds it with that hash. */
    private ConsumerCursor checkedCursor(String name, long seq, String hash) {
        checkOpen();
        byte[] h;
        try {
            h = Hashes.fromHex(hash);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a hash is 64 hex digits, got '" + hash + "'");
        }
        LogMeta m = watermark.meta();
        if (seq < 0 || seq > m.headSeq()) {
            throw new IllegalArgumentException("consumer '" + name + "' cannot commit seq " + seq + ": the log's head is "
                    + m.headSeq());
        }
        byte[] actual = hashAt(seq, m);
        if (actual == null) {
            throw new CursorExpiredException("consumer '" + name + "' cannot commit seq " + seq + ": retention removed it "
                    + "(the first retained seq is " + m.logStartSeq() + ")", seq, m.logStartSeq());
        }
        if (!Arrays.equals(actual, h)) {
            throw new IllegalArgumentException("consumer '" + name + "' cannot commit seq " + seq + " with hash " + hash
                    + ": the log holds " + Hashes.hex(actual) + " there");
        }
        return storedCursor(name).at(seq, h);
    }

    // ---------------------------------------------------------------- snapshots

    @Override
    public Snapshot saveSnapshot(String name, long seq, byte[] state, int keep) {
        checkOpen();
        return snapshots.save(name, seq, state, keep);
    }

    @Override
    public Optional<Snapshot> latestSnapshot(String name) {
        checkOpen();
        return snapshots.latest(name);
    }

    @Override
    public List<SnapshotInfo> snapshots(String name) {
        checkOpen();
        return snapshots.list(name);
    }

    @Override
    public List<String> snapshotNames() {
        checkOpen();
        return store.snapshotNames();
    }

    @Override
    public ReplayResult replay(String name, java.util.function.Consumer<Snapshot> onSnapshot,
                               java.util.function.Consumer<Entry> onEntry) {
        checkOpen();
        Optional<Snapshot> from = snapshots.latest(name);
        from.ifPresent(onSnapshot);
        long head = watermark.meta().headSeq();
        long since = from.map(Snapshot::seq).orElse(0L);
        long delivered = 0;
        while (since < head) {
            Page page = readStrict(since, 1000);
            if (page.entries().isEmpty()) {
                break;
            }
            for (Entry e : page.entries()) {
                if (e.seq() > head) {
                    return new ReplayResult(from, delivered, head);
                }
                onEntry.accept(e);
                delivered++;
            }
            since = page.entries().get(page.entries().size() - 1).seq();
        }
        return new ReplayResult(from, delivered, head);
    }

    // ---------------------------------------------------------------- the Merkle tree

    @Override
    public byte[] treeRoot(long treeSize) {
        checkOpen();
        return consistently(() -> tree.root(treeSizeUpToHead(treeSize, "tree size")), r -> true);
    }

    @Override
    public InclusionProof inclusionProof(long seq, long treeSize) {
        checkOpen();
        long size = treeSizeUpToHead(treeSize, "tree size");
        if (seq >= 1 && seq <= size && seq < retention.visibleStart(watermark.meta())) {
            throw new CursorExpiredException(seq - 1, retention.visibleStart(watermark.meta()));
        }
        return consistently(() -> tree.inclusion(seq, size), r -> true);
    }

    @Override
    public ConsistencyProof consistencyProof(long oldSize, long newSize) {
        checkOpen();
        long size = treeSizeUpToHead(newSize, "new tree size");
        return consistently(() -> tree.consistency(oldSize, size), r -> true);
    }

    @Override
    public TilesWritten exportTiles(Path dir, SignedNote checkpoint) {
        checkOpen();
        Checkpoint cp = Checkpoint.parse(checkpoint.text());
        if (!cp.origin().equals(Checkpointer.origin(watermark.meta()))) {
            throw new IllegalArgumentException("the checkpoint is for '" + cp.origin() + "', this log is '"
                    + Checkpointer.origin(watermark.meta()) + "'");
        }
        if (cp.legacy()) {
            throw new IllegalArgumentException("the checkpoint has no Merkle root (signed before chainlog kept a tree); "
                    + "sign a new one");
        }
        long size = treeSizeUpToHead(cp.treeSize(), "checkpoint's tree size");
        return consistently(() -> {
            byte[] root = tree.root(size);
            if (!Arrays.equals(root, cp.rootHash())) {
                throw new IllegalArgumentException("the log's tree of size " + size + " has the root " + Hashes.hex(root)
                        + ", not the checkpoint's " + Hashes.hex(cp.rootHash()) + ": run verify --checkpoint");
            }
            long minimumIndex = tree.reader().minimumIndex();
            try {
                return TileExport.write(store, size, minimumIndex, checkpoint.format(), dir);
            } catch (CorruptLogException e) {
                long now = tree.reader().minimumIndex();
                if (now != minimumIndex) { // a retention cut removed leaf data while the tiles were read
                    throw new CursorExpiredException("a retention cut ran during the export (the log now starts at seq "
                            + (now + 1) + "); export the tiles again", minimumIndex, now + 1);
                }
                throw e;
            }
        }, r -> true);
    }

    /** {@code size}, refused unless 0 ≤ size ≤ the published head: every node of those trees is stored. */
    private long treeSizeUpToHead(long size, String what) {
        long head = watermark.meta().headSeq();
        if (size < 0 || size > head) {
            throw new IllegalArgumentException("the " + what + " must be between 0 and the head " + head + ", got " + size);
        }
        return size;
    }

    @Override
    public String logId() {
        return watermark.meta().logId();
    }

    /** The checkpoint of the stored head, refused when the head disagrees with the newest stored entry. */
    final Checkpoint checkpointOfStoredHead() {
        LogMeta m = store.readMeta();
        String disagreement = LogRecovery.headDisagreement(store, m);
        if (disagreement != null) {
            throw new CorruptLogException("not signing a checkpoint of a damaged log (" + disagreement
                    + "): a checkpoint would vouch for a head the log does not hold; run verify");
        }
        return Checkpointer.of(m, tree.root(m.headSeq()), retention.nowMicros());
    }

    @Override
    public CheckpointReport verifyCheckpoints(List<String> checkpoints, List<NoteVerifier.Key> trusted) {
        checkOpen();
        LogMeta m = store.readMeta();
        return CheckpointAudit.audit(new CheckpointAudit.ChainView() {
            @Override
            public String origin() {
                return Checkpointer.origin(m);
            }

            @Override
            public Head head() {
                return ReadableLog.head(m);
            }

            @Override
            public long logStartSeq() {
                return m.logStartSeq();
            }

            @Override
            public String logStartPrev() {
                return Hashes.hex(m.logStartPrev());
            }

            @Override
            public Optional<String> hashAt(long seq) {
                byte[] value = store.value(seq);
                return value == null ? Optional.empty() : Optional.of(Hashes.hex(Hashes.sha256(value)));
            }

            @Override
            public Optional<ConsistencyProof> consistencyToHead(long oldSize) {
                if (oldSize < 1 || oldSize > m.headSeq() || !tree.kept()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(tree.consistency(oldSize, m.headSeq()));
                } catch (CursorExpiredException e) {
                    return Optional.empty();
                }
            }
        }, checkpoints, new NoteVerifier(trusted));
    }

    @Override
    public List<SignedNote> storedCheckpoints() {
        checkOpen();
        Map<String, SignedNote> notes = new LinkedHashMap<>();
        for (String name : List.of(CheckpointPolicy.PRUNE_ANCHOR, CheckpointPolicy.LATEST)) {
            byte[] note = store.note(name);
            if (note != null) {
                String text = new String(note, StandardCharsets.UTF_8);
                notes.putIfAbsent(text, SignedNote.parse(text)); // one note can be both: a cut's latest checkpoint
            }
        }
        return List.copyOf(notes.values());
    }

    // ---------------------------------------------------------------- closing

    /** Closes once; a close called while another runs waits for it, so a caller never returns mid-flush. */
    @Override
    public final void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            closeOnce();
        }
    }

    /** What closing this log does, once: the subclass's part, then the store (see {@link #closeStore}). */
    abstract void closeOnce();

    final void closeStore() {
        watermark.close();
        store.close();
    }

    boolean isClosed() {
        return closed;
    }

    void checkOpen() {
        if (closed) {
            throw new LogClosedException("the log is closed");
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Reads hash what they read: an entry's {@code hash()} describes its bytes even if the checksum column was
     * tampered with (SHA-256 of a few hundred bytes costs well under a microsecond).
     */
    private Optional<Entry> load(long seq) {
        byte[] value = store.value(seq);
        return value == null ? Optional.empty() : Optional.of(Entry.of(seq, value));
    }

    private long tsOf(long seq) {
        byte[] value = store.value(seq);
        if (value == null) {
            throw new StorageException("entry " + seq + " is missing from storage; run verify");
        }
        return tsOf(value);
    }

    private static long tsOf(byte[] value) {
        try {
            return EntryCodec.readHeader(value).ts();
        } catch (MalformedValueException e) {
            throw new StorageException("a stored entry is unreadable (" + e.getMessage() + "); run verify", e);
        }
    }

    private static long micros(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static Head head(LogMeta meta) {
        return new Head(meta.headSeq(), Hashes.hex(meta.headHash()));
    }

    private static void checkCursor(long sinceSeq, int limit) {
        if (sinceSeq < 0) {
            throw new IllegalArgumentException("sinceSeq must be >= 0, got " + sinceSeq);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
    }
}
