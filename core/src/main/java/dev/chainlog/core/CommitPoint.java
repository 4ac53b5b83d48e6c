package dev.chainlog.core;

import dev.chainlog.api.StorageException;
import dev.chainlog.store.CommitBatch;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.NewEntry;
import dev.chainlog.store.PreparedCut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The one place the log writes (docs/DESIGN.md: Single writer, Durability by mode, Prefix after crash): every append
 * group, retention cut, checkpoint tick, import batch and the first meta of a new log is committed here, by whoever
 * holds the writer role (or, before the writer starts and after it stopped, the thread opening or closing the log).
 *
 * <p>One commit: the checkpointer's notes for the new state join the batch; durability is decided once — synced
 * when the caller asked for it or the log is in {@code SYNC} mode, never upgraded by the store; the store applies
 * the batch atomically; only then is the new head published to readers and the checkpointer told, which queues the
 * commit's note for delivery after the writer role is released.
 *
 * <p>One failure rule: a commit that fails publishes nothing. If the stored meta still reads as the state before the
 * commit, nothing was written and the log goes on (the caller reports the failure). If it cannot be confirmed, the
 * outcome is unknown: the log refuses every later write with the cause ({@link #failure()}) until it is reopened,
 * when recovery reads what the store really holds.
 */
final class CommitPoint {
    private static final Logger LOG = LoggerFactory.getLogger(CommitPoint.class);

    private final LogStore store;
    private final HighWatermark watermark;
    private final Checkpointer checkpointer;
    private final boolean syncAlways;
    private volatile StorageException failure;

    CommitPoint(LogStore store, HighWatermark watermark, Checkpointer checkpointer, boolean syncAlways) {
        this.store = store;
        this.watermark = watermark;
        this.checkpointer = checkpointer;
        this.syncAlways = syncAlways;
    }

    /**
     * Commits {@code entries} (may be empty) and {@code cut} (or null) on top of {@code base}, the published state,
     * producing {@code next}.
     *
     * @param syncRequested the caller asked for this commit to be on disk before it returns (a SYNC append, an
     *                      import batch, a new log's first meta)
     * @throws StorageException the commit failed and nothing of it is visible (signing its checkpoint failed, or the
     *                          store's write); or the log refused it, an earlier write's outcome being unknown
     */
    void commit(LogMeta base, List<NewEntry> entries, PreparedCut cut, LogMeta next, boolean syncRequested,
                long nowMicros) {
        try {
            StorageException refused = failure;
            if (refused != null) {
                throw refused;
            }
            try {
                Map<String, byte[]> notes = checkpointer.notesFor(next, cut != null, nowMicros);
                store.commit(new CommitBatch(entries, cut, next, notes), syncRequested || syncAlways);
            } catch (RuntimeException e) {
                checkpointer.aborted();
                throw failed(base, e);
            }
        } finally {
            if (cut != null) {
                cut.close();
            }
        }
        watermark.publish(next);
        checkpointer.committed(); // its note is delivered once the writer role is released (Checkpointer.deliver)
    }

    /**
     * The first commit of a new log: its meta, synced, before the log (and this commit point) exists; nothing is
     * published, nobody reads it yet. A failure refuses the open.
     */
    static void commitFirstMeta(LogStore store, LogMeta initial) {
        store.commit(new CommitBatch(List.of(), initial), true);
    }

    /** Why the log refuses writes: an earlier write whose outcome could not be confirmed; null while it writes. */
    StorageException failure() {
        return failure;
    }

    /** Refuses every later write: the writer itself failed (a bug), and what it left behind is unknown. */
    void refuseFurtherWrites(StorageException cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    private StorageException failed(LogMeta base, RuntimeException e) {
        StorageException cause = e instanceof StorageException se ? se : new StorageException("write failed: " + e.getMessage(), e);
        LogMeta stored;
        try {
            stored = store.readMeta();
        } catch (RuntimeException readError) {
            stored = null;
        }
        if (base.equals(stored)) {
            LOG.warn("chainlog write failed; nothing was written: {}", e.toString());
            return cause;
        }
        refuseFurtherWrites(new StorageException("a write failed and the log's state could not be confirmed "
                + "afterwards; close and reopen the log to recover: " + e.getMessage(), e));
        LOG.error("chainlog write failed with an unknown outcome; refusing further writes", e);
        return cause;
    }
}
