package dev.chainlog.core;

import dev.chainlog.api.AppendPipeline;
import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.InvalidEventException;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.LogStats;
import dev.chainlog.api.LogTail;
import dev.chainlog.api.Page;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.api.ImportRefusedException;
import dev.chainlog.api.PayloadTooLargeException;
import dev.chainlog.api.ReadOnlyLogException;
import dev.chainlog.api.StorageException;
import dev.chainlog.api.VerifyOptions;
import dev.chainlog.chain.ChainVerifier;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.CheckpointAudit;
import dev.chainlog.checkpoint.CheckpointPolicy;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.NoteVerifier;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Hashes;
import dev.chainlog.chain.MalformedValueException;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.RecordCursor;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The event log over any {@link LogStore}: recovery on open, the single group-commit writer for appends, and
 * reads straight from the store, bounded by the published head and the visible log start.
 *
 * <p>Reads never go through the writer. Each read takes the published {@link HighWatermark} first and never
 * returns past its head, so it never sees a batch half-published, and it filters by the visible start, so it
 * never returns an expired entry, whether or not the writer has cut it from storage yet.
 */
public final class ChainedEventLog implements EventLog {
    private final LogStore store;
    private final EventLogConfig config;
    private final HighWatermark watermark;
    private final Retention retention;
    private final GroupCommitWriter writer;
    private final Object closeLock = new Object();
    private final boolean readOnly;
    /**
     * Read-only logs: a refresh (catching up with the writer process) must not land in the middle of a scan, or one
     * page or one verify would mix two states of the log. Scans share the lock; refresh takes it alone.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock refreshLock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private volatile boolean closed;

    /**
     * Opens a log over {@code store}: runs recovery (which refuses an inconsistent store) and starts the writer.
     * The log owns the store from here on and closes it.
     */
    public static ChainedEventLog open(LogStore store, EventLogConfig config) {
        return open(store, config, false);
    }

    /** Opens a log over a read-only store: no writer runs, writes throw {@link ReadOnlyLogException}. */
    public static ChainedEventLog openReadOnly(LogStore store, EventLogConfig config) {
        return open(store, config, true);
    }

    private static ChainedEventLog open(LogStore store, EventLogConfig config, boolean readOnly) {
        try {
            LogMeta meta = LogRecovery.recover(store, readOnly);
            return new ChainedEventLog(store, config, meta, readOnly);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private ChainedEventLog(LogStore store, EventLogConfig config, LogMeta meta, boolean readOnly) {
        this.store = store;
        this.config = config;
        this.readOnly = readOnly;
        this.watermark = new HighWatermark(meta);
        this.retention = new Retention(config.ttl(), config.effectiveMaxEntries(), config.clock(), store);
        this.writer = new GroupCommitWriter(store, watermark, retention,
                new Checkpointer(config.checkpoints(), store, retention.nowMicros()),
                config.durability() == Durability.SYNC, config.retentionInterval().toNanos());
        if (!readOnly) {
            this.writer.start();
        }
    }

    // ---------------------------------------------------------------- appends

    @Override
    public List<Entry> append(AppendRequest request) {
        return await(submit(request, true));
    }

    @Override
    public CompletableFuture<List<Entry>> appendAsync(AppendRequest request) {
        return submit(request, false);
    }

    @Override
    public AppendPipeline pipeline() {
        checkWritable("append");
        return new FailFastPipeline((request, pipeline, index) -> submit(request, false, pipeline, index));
    }

    private CompletableFuture<List<Entry>> submit(AppendRequest request, boolean callerRuns) {
        return submit(request, callerRuns, null, 0);
    }

    private CompletableFuture<List<Entry>> submit(AppendRequest request, boolean callerRuns, FailFastPipeline pipeline,
                                                  long indexInPipeline) {
        checkWritable("append");
        if (request == null) {
            throw new InvalidEventException("request must not be null");
        }
        for (Event e : request.events()) {
            if (e.encoded().payloadSize() > config.maxPayloadBytes()) {
                throw new PayloadTooLargeException(e.encoded().payloadSize(), config.maxPayloadBytes());
            }
        }
        Durability d = request.durability();
        if (d != null && !d.atLeast(config.durability())) {
            throw new InvalidEventException("an append may only strengthen the log's durability (" + config.durability()
                    + "), not weaken it to " + d + ": a weaker write could survive a crash while an earlier one is lost");
        }
        return writer.submit(request, d == Durability.SYNC, callerRuns, pipeline, indexInPipeline);
    }

    // ---------------------------------------------------------------- reads

    /**
     * How many times a read-only log re-reads a page with a hole, or re-runs a verify that found one, after catching
     * up with the writer again. A RocksDB secondary can lack the entries of a memtable the writer just flushed
     * until a later catch-up (RocksDB PR #5413 describes the mechanism); a hole that outlasts the retries is real.
     */
    private static final int READ_ONLY_ATTEMPTS = 3;

    @Override
    public Page read(long sinceSeq, int limit) {
        return readConsistently(() -> readPage(sinceSeq, limit), page -> complete(page, sinceSeq, limit));
    }

    /**
     * Runs {@code read} with no refresh landing inside it. A read-only log whose result is not {@code whole} catches
     * up with the writer and reads again, up to {@link #READ_ONLY_ATTEMPTS} times; a writer's log reads once.
     */
    private <T> T readConsistently(java.util.function.Supplier<T> read, java.util.function.Predicate<T> whole) {
        for (int attempt = 1; ; attempt++) {
            boolean last = !readOnly || attempt == READ_ONLY_ATTEMPTS;
            T result;
            refreshLock.readLock().lock();
            try {
                result = read.get();
            } catch (CorruptLogException seenDamaged) {
                if (last) {
                    throw seenDamaged; // a read-only view can lag the writer: only damage that lasts is refused
                }
                result = null;
            } finally {
                refreshLock.readLock().unlock();
            }
            if (result != null && (last || whole.test(result))) {
                return result;
            }
            refresh();
        }
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
                writer.appended(), store.name());
    }

    @Override
    public LogTail subscribe(long sinceSeq) {
        checkOpen();
        checkCursor(sinceSeq, 0);
        return new TailSubscription(this, watermark, sinceSeq);
    }

    // ---------------------------------------------------------------- integrity and retention

    @Override
    public IntegrityReport verify(VerifyOptions options) {
        checkOpen();
        // The stored meta, not the published one: verify checks what is on disk, including a recorded head that
        // someone rewound behind the log's back (a pinned head then tells).
        return readConsistently(() -> {
            LogMeta stored = store.readMeta();
            return new ChainVerifier(store, stored, retention.visibleStart(stored),
                    options == null ? VerifyOptions.DEFAULT : options, () -> store.readMeta().logStartSeq()).verify();
        }, report -> !missesEntries(report));
    }

    /** What a read-only view that lags the writer can show for a moment: entries missing, or the head ahead. */
    private static boolean missesEntries(IntegrityReport report) {
        return report.problems().stream().anyMatch(p -> p.kind() == ProblemKind.SEQUENCE_GAP
                || p.kind() == ProblemKind.TRUNCATED || p.kind() == ProblemKind.HEAD_MISMATCH);
    }

    @Override
    public String logId() {
        return watermark.meta().logId();
    }

    @Override
    public SignedNote checkpoint(List<NoteSigner> signers) {
        checkOpen();
        // Read the stored head where no commit (writer) or catch-up (read-only) can land between its reads; sign after.
        Checkpoint checkpoint = readOnly ? readConsistently(this::checkpointOfStoredHead, c -> true)
                : await(writer.control(this::checkpointOfStoredHead));
        return NoteSigner.signAll(checkpoint.noteText(), signers);
    }

    /** The checkpoint of the stored head, refused when the head disagrees with the newest stored entry. */
    private Checkpoint checkpointOfStoredHead() {
        LogMeta m = store.readMeta();
        String disagreement = LogRecovery.headDisagreement(store, m);
        if (disagreement != null) {
            throw new CorruptLogException("not signing a checkpoint of a damaged log (" + disagreement
                    + "): a checkpoint would vouch for a head the log does not hold; run verify");
        }
        return new Checkpoint(origin(m), m.headSeq(), m.headHash(), m.logStartSeq(), m.logStartPrev(),
                retention.nowMicros());
    }

    @Override
    public CheckpointAudit.Report verifyCheckpoints(List<String> checkpoints, List<NoteVerifier.Key> trusted) {
        checkOpen();
        LogMeta m = store.readMeta();
        return CheckpointAudit.audit(new CheckpointAudit.ChainView() {
            @Override
            public String origin() {
                return ChainedEventLog.origin(m);
            }

            @Override
            public Head head() {
                return ChainedEventLog.head(m);
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
        }, checkpoints, new NoteVerifier(trusted));
    }

    @Override
    public List<SignedNote> storedCheckpoints() {
        checkOpen();
        java.util.LinkedHashMap<String, SignedNote> notes = new java.util.LinkedHashMap<>();
        for (String name : List.of(CheckpointPolicy.PRUNE_ANCHOR, CheckpointPolicy.LATEST)) {
            byte[] note = store.note(name);
            if (note != null) {
                String text = new String(note, java.nio.charset.StandardCharsets.UTF_8);
                notes.putIfAbsent(text, SignedNote.parse(text)); // one note can be both: a cut's latest checkpoint
            }
        }
        return List.copyOf(notes.values());
    }

    static String origin(LogMeta m) {
        return "chainlog/" + m.logId();
    }

    @Override
    public long applyRetention() {
        checkWritable("apply retention");
        return await(writer.control(() -> writer.maybeCut(true)));
    }

    @Override
    public void backup(java.nio.file.Path dir) {
        checkOpen();
        if (!readOnly) {
            store.backup(dir);
            return;
        }
        // A read-only store copies its own view: make sure that view agrees with itself first, or a catch-up that
        // lagged the writer would be copied as damage.
        readConsistently(() -> {
            String disagreement = LogRecovery.headDisagreement(store, store.readMeta());
            if (disagreement != null) {
                throw new CorruptLogException("not backing up a damaged log (" + disagreement + "): the copy would not "
                        + "open as a log; run verify, and salvage or copy the folder as it is");
            }
            store.backup(dir);
            return Boolean.TRUE;
        }, done -> true);
    }

    @Override
    public void clear() {
        checkWritable("clear");
        await(writer.control(() -> {
            LogMeta meta = watermark.meta();
            if (meta.logStartSeq() <= meta.headSeq()) {
                writer.cutTo(meta, meta.headSeq() + 1);
            }
            return null;
        }));
    }

    @Override
    public void close() {
        // The whole close under the lock: a second caller (a shutdown hook racing the main thread's close) waits until
        // the first has written everything, instead of returning while the last flush is still running.
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            closeOnce();
        }
    }

    private void closeOnce() {
        try {
            writer.stopAndJoin();
            if (retention.enabled() && !readOnly) {
                try {
                    LogMeta meta = watermark.meta();
                    long target = retention.visibleStart(meta);
                    if (target > meta.logStartSeq()) {
                        writer.cutTo(meta, target); // the writer has stopped: this thread is the only writer now
                    }
                } catch (ChainlogException e) {
                    org.slf4j.LoggerFactory.getLogger(ChainedEventLog.class)
                            .warn("retention cut on close failed; it runs again on the next open: {}", e.toString());
                }
            }
        } finally {
            watermark.close();
            store.close();
        }
    }

    @Override
    public Head importExport(Path file, String logId) {
        checkWritable("import");
        if (logId != null) {
            checkLogId(logId);
        }
        if (watermark.meta().headSeq() != 0) {
            throw new ImportRefusedException("the log is not empty (head " + watermark.meta().headSeq()
                    + "); import only into a new log", null);
        }
        IntegrityReport report = ExportImport.verifyFile(file, config.maxExportLineBytes(), config.maxPayloadBytes());
        return await(writer.control(() -> ExportImport.writeFile(file, report, config.maxExportLineBytes(), logId, store,
                watermark)));
    }

    private static final java.util.regex.Pattern LOG_ID =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** The form chainlog gives every log id (a lowercase UUID), which the origin of its checkpoints carries. */
    private static void checkLogId(String logId) {
        if (!LOG_ID.matcher(logId).matches()) {
            throw new IllegalArgumentException("a log id is a lowercase UUID like 6f1c0e52-0d1e-4b7a-9c3f-2a5b8d7e9f10, got '"
                    + logId + "'");
        }
    }

    // ---------------------------------------------------------------- helpers

    LogStore store() {
        return store;
    }

    long visibleStart() {
        return retention.visibleStart(watermark.meta());
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Reads hash what they read: an entry's {@code hash()} describes its bytes even if the checksum column was
     * tampered with (SHA-256 of a few hundred bytes costs well under a microsecond).
     */
    private Optional<Entry> load(long seq) {
        byte[] value = store.value(seq);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(Entry.of(seq, value));
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

    private static Head head(LogMeta meta) {
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

    @Override
    public void refresh() {
        checkOpen();
        if (readOnly) {
            refreshLock.writeLock().lock();
            try {
                store.refresh();
                LogMeta meta = store.readMeta();
                if (meta != null && meta.headSeq() >= watermark.meta().headSeq()) {
                    watermark.publish(meta);
                }
            } finally {
                refreshLock.writeLock().unlock();
            }
        }
    }

    boolean readOnly() {
        return readOnly;
    }

    private void checkWritable(String operation) {
        checkOpen();
        if (readOnly) {
            throw new ReadOnlyLogException(operation);
        }
    }

    void checkOpen() {
        if (closed) {
            throw new LogClosedException("the log is closed");
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new StorageException("append failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainlogException("interrupted while waiting for the append; it may still be written");
        }
    }
}
