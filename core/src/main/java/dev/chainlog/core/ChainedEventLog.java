package dev.chainlog.core;

import dev.chainlog.api.AppendPipeline;
import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.Head;
import dev.chainlog.api.ImportRefusedException;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.StorageException;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.store.ConsumerCursor;
import dev.chainlog.store.CursorChanges;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.PreparedCut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The event log over any {@link LogStore}, open for writing: recovery on open, then appends through the single
 * writer (docs/DESIGN.md: Single writer), and reads from {@link ReadableLog}.
 *
 * <p>The writer in its parts: the {@link WriterRole} (who writes, and when); the {@link GroupCommitWriter} (what a
 * group of queued tasks becomes: {@link AppendGroup}s of decided, chained entries); the {@link CommitPoint} (every
 * write of the log, one failure rule); {@link RetentionCuts} (the stored start follows the visible one, prepared off
 * the writer); the {@link Checkpointer} (the log's own signed checkpoints).
 */
public final class ChainedEventLog extends ReadableLog {
    private static final Logger LOG = LoggerFactory.getLogger(ChainedEventLog.class);
    private static final Pattern LOG_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Checkpointer checkpointer;
    private final CommitPoint commitPoint;
    private final GroupCommitWriter groupWriter;
    private final WriterRole role;
    private final RetentionCuts cuts;
    private final CommittedCursors cursors;

    /**
     * Opens a log over {@code store}: runs recovery (which refuses an inconsistent store; a new store gets its first
     * meta) and starts the writer. The log owns the store from here on and closes it.
     */
    public static ChainedEventLog open(LogStore store, EventLogConfig config) {
        try {
            LogMeta meta = LogRecovery.recover(store, false);
            if (meta == null) {
                meta = LogMeta.initial(UUID.randomUUID().toString());
                CommitPoint.commitFirstMeta(store, meta);
            } else if (noTreeYet(store)) {
                TreeBuild.build(store, meta);
            }
            return new ChainedEventLog(store, config, meta);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * True for a log written before chainlog kept a tree. A stored base that does not decode is damage: the log opens
     * and refuses writes ({@link CommitPoint}), and verify reports it.
     */
    private static boolean noTreeYet(LogStore store) {
        try {
            return store.treeBase() == null;
        } catch (dev.chainlog.api.CorruptLogException e) {
            return false;
        }
    }

    private ChainedEventLog(LogStore store, EventLogConfig config, LogMeta meta) {
        super(store, config, meta);
        this.checkpointer = new Checkpointer(config.checkpoints(), store, retention.nowMicros());
        this.checkpointer.observer = config.observer();
        this.commitPoint = new CommitPoint(store, watermark, checkpointer, tree, config.durability() == Durability.SYNC);
        this.cursors = new CommittedCursors(store);
        commitPoint.keepInStep(cursors);
        refreshHolds(); // now from the cursors kept in step
        this.groupWriter = new GroupCommitWriter(store, watermark, retention, checkpointer, commitPoint);
        long interval = config.retentionInterval().toNanos();
        this.role = new WriterRole(groupWriter, commitPoint, interval);
        this.cuts = new RetentionCuts(store, tree, retention, interval, watermark::meta,
                () -> commitPoint.failure() != null, this::commitCutAsWriter);
        groupWriter.scheduleCutsWith(cuts);
        groupWriter.observeWith(config.observer());
        role.start();
    }

    @Override
    <T> T consistently(Supplier<T> read, Predicate<T> whole) {
        return read.get(); // this log's store is written by this log: every read sees its latest commit
    }

    @Override
    boolean readOnly() {
        return false;
    }

    @Override
    long appended() {
        return groupWriter.appended();
    }

    @Override
    long queueDepth() {
        return role.queueDepth();
    }

    // ---------------------------------------------------------------- appends

    @Override
    public List<Entry> append(AppendRequest request) {
        if (config.observer() == dev.chainlog.api.LogObserver.NONE) {
            return await(submit(request, true, null, 0));
        }
        long started = System.nanoTime();
        List<Entry> entries = await(submit(request, true, null, 0));
        long latency = System.nanoTime() - started;
        Observers.call(() -> config.observer().appended(entries.size(), latency));
        return entries;
    }

    @Override
    public CompletableFuture<List<Entry>> appendAsync(AppendRequest request) {
        return submit(request, false, null, 0);
    }

    @Override
    public AppendPipeline pipeline() {
        checkOpen();
        return new FailFastPipeline((request, pipeline, index) -> submit(request, false, pipeline, index));
    }

    private CompletableFuture<List<Entry>> submit(AppendRequest request, boolean callerRuns, FailFastPipeline pipeline,
                                                  long indexInPipeline) {
        return submit(request, callerRuns, pipeline, indexInPipeline, null);
    }

    private CompletableFuture<List<Entry>> submit(AppendRequest request, boolean callerRuns, FailFastPipeline pipeline,
                                                  long indexInPipeline, ConsumerCursor cursor) {
        checkOpen();
        AppendRules.check(request, config);
        Task.Append task = new Task.Append(request, request.durability() == Durability.SYNC, pipeline, indexInPipeline,
                cursor);
        role.submit(task, callerRuns);
        return task.future;
    }

    // ---------------------------------------------------------------- writes as the writer

    @Override
    public SignedNote checkpoint(List<NoteSigner> signers) {
        checkOpen();
        // The stored head is read as the writer, so no commit lands between its reads; signed after, off the role.
        Checkpoint checkpoint = asWriter(this::checkpointOfStoredHead);
        return NoteSigner.signAll(checkpoint.noteText(), signers);
    }

    /**
     * Cuts to the visible start as it is after every append queued before this call (the target is taken as the
     * writer), preparing the cut on this thread; returns the stored start after it.
     */
    @Override
    public long applyRetention() {
        checkOpen();
        long start = cuts.cutNow(() -> asWriter(groupWriter::retentionTarget));
        checkpointer.deliver(); // with nothing to cut, retentionTarget may have committed a checkpoint due by time
        store.finishCuts();
        return start;
    }

    @Override
    public void reclaimSpace(java.util.function.LongConsumer progress) {
        checkOpen();
        store.reclaimSpace(progress);
    }

    /** Cuts every entry appended before this call (the head is taken as the writer, after the queued appends). */
    @Override
    public void clear() {
        checkOpen();
        cuts.cutNow(() -> asWriter(() -> watermark.meta().headSeq() + 1));
        store.finishCuts();
    }

    /**
     * Commits a prepared cut as the writer, from any thread, then delivers its checkpoint. The task owns the cut: it
     * closes it when it runs or when it never will, so a caller that stops waiting (interrupted) leaves no native
     * batch behind and never frees one the writer still uses.
     */
    private GroupCommitWriter.CutResult commitCutAsWriter(PreparedCut cut, long preparedFrom) {
        GroupCommitWriter.CutResult result = await(asWriter(new Task.Control<>(
                () -> groupWriter.commitCut(cut, preparedFrom), cut::close)));
        checkpointer.deliver();
        return result;
    }

    @Override
    CommittedCursors committedCursors() {
        return cursors;
    }

    /** An append whose entries and the consumer's new position are one write. */
    @Override
    List<Entry> appendAndWriteCursor(AppendRequest request, ConsumerCursor cursor) {
        try {
            return await(submit(request, true, null, 0, cursor));
        } finally {
            refreshHolds();
        }
    }

    /** A consumer's commit, as the writer: a batch of no entries and the cursor change, durable as the log's mode. */
    @Override
    void writeCursors(CursorChanges changes) {
        try {
            asWriter(() -> {
                LogMeta m = watermark.meta();
                commitPoint.commit(m, List.of(), null, m, false, retention.nowMicros(), changes);
                return null;
            });
        } finally {
            refreshHolds();
            checkpointer.deliver();
        }
    }

    @Override
    public void backup(Path dir) {
        checkOpen();
        store.backup(dir);
    }

    @Override
    public Head importExport(Path file, String logId) {
        checkOpen();
        if (logId != null && !LOG_ID.matcher(logId).matches()) {
            throw new IllegalArgumentException("a log id is a lowercase UUID like 6f1c0e52-0d1e-4b7a-9c3f-2a5b8d7e9f10, got '"
                    + logId + "'");
        }
        if (watermark.meta().headSeq() != 0) {
            throw new ImportRefusedException("the log is not empty (head " + watermark.meta().headSeq()
                    + "); import only into a new log", null);
        }
        IntegrityReport report = ExportImport.verifyFile(file, config.maxExportLineBytes(), config.maxPayloadBytes());
        try {
            return asWriter(() -> ExportImport.writeFile(file, report, config.maxExportLineBytes(), logId, commitPoint,
                    watermark, retention::nowMicros));
        } finally {
            checkpointer.deliver(); // what the import's commits signed, as for appends
        }
    }

    /** Runs {@code action} as the writer, between commit groups, and returns what it returns. */
    private <T> T asWriter(Callable<T> action) {
        return await(asWriter(new Task.Control<>(action)));
    }

    private <T> CompletableFuture<T> asWriter(Task.Control<T> task) {
        role.control(task);
        return task.future;
    }

    // ---------------------------------------------------------------- closing

    /**
     * Writes what is queued, stops the writer and the retention thread, makes the stored start catch up with the
     * visible one (this thread is the only writer now), then releases the store.
     */
    @Override
    void closeOnce() {
        try {
            role.stop();
            cuts.close();
            if (retention.enabled()) {
                try {
                    cuts.cutOnClose(groupWriter::commitCut);
                } catch (ChainlogException e) {
                    LOG.warn("retention cut on close failed; it runs again on the next open: {}", e.toString());
                }
            }
            checkpointer.deliver();
        } finally {
            closeStore();
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
