package dev.chainlog.core;

import dev.chainlog.api.AppendPipeline;
import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.Head;
import dev.chainlog.api.ReadOnlyLogException;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A log opened read-only beside a writer in another process (an operator's {@code chainlog verify} next to a live
 * service): it follows the writer through {@link #refresh()}, and has no writer, cuts, checkpointer or threads of its
 * own. Writes throw {@link ReadOnlyLogException}; a backup copies what it sees.
 *
 * <p>Consistency: a refresh (catching up with the writer) never lands inside a read, so one page or one verify
 * never mixes two states of the log: reads share {@code refreshLock}, refresh takes it alone. A RocksDB secondary
 * can lag one catch-up behind the writer's flush and show a hole or a head ahead for a moment (RocksDB PR #5413
 * describes the mechanism): a read that looks like that catches up and reads again, up to
 * {@link #READ_ONLY_ATTEMPTS} times, so only what lasts is reported. The later catch-ups wait a little first
 * ({@link #PAUSE_BEFORE_ATTEMPT_MILLIS}): a writer that flushes again and again (a backup loop) can otherwise keep
 * one step ahead of several catch-ups in a row.
 */
public final class FollowerLog extends ReadableLog {
    private static final int READ_ONLY_ATTEMPTS = 5;
    /** By the attempt that just failed (from 1): how long to wait, and catch up again, before the next one. */
    private static final long[] PAUSE_BEFORE_ATTEMPT_MILLIS = {0, 0, 1, 10, 50};

    private final ReentrantReadWriteLock refreshLock = new ReentrantReadWriteLock();

    /** Opens a log over a read-only store: recovery tolerates a damaged head here (verify reports it). */
    public static FollowerLog open(LogStore store, EventLogConfig config) {
        try {
            return new FollowerLog(store, config, LogRecovery.recover(store, true));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private FollowerLog(LogStore store, EventLogConfig config, LogMeta meta) {
        super(store, config, meta);
    }

    @Override
    <T> T consistently(Supplier<T> read, Predicate<T> whole) {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt == READ_ONLY_ATTEMPTS;
            T result;
            refreshLock.readLock().lock();
            try {
                result = read.get();
            } catch (CorruptLogException seenDamaged) {
                if (last) {
                    throw seenDamaged; // only damage that lasts is refused
                }
                result = null;
            } finally {
                refreshLock.readLock().unlock();
            }
            if (result != null && (last || whole.test(result))) {
                return result;
            }
            refresh();
            long pause = PAUSE_BEFORE_ATTEMPT_MILLIS[attempt];
            if (pause > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pause));
                refresh();
            }
        }
    }

    @Override
    public void refresh() {
        checkOpen();
        refreshLock.writeLock().lock();
        try {
            store.refresh();
            LogMeta meta = store.readMeta();
            if (meta != null && meta.headSeq() >= watermark.meta().headSeq()) {
                watermark.publish(meta);
            }
            refreshHolds();
        } finally {
            refreshLock.writeLock().unlock();
        }
    }

    @Override
    boolean readOnly() {
        return true;
    }

    @Override
    long appended() {
        return 0;
    }

    /** Signs the stored head as this view sees it, once it agrees with itself. */
    @Override
    public SignedNote checkpoint(List<NoteSigner> signers) {
        checkOpen();
        Checkpoint checkpoint = consistently(this::checkpointOfStoredHead, c -> true);
        return NoteSigner.signAll(checkpoint.noteText(), signers);
    }

    /**
     * Copies what this view sees ({@code LogStore.backup} of a read-only store), once the view agrees with itself: a
     * catch-up that lagged the writer must not be copied as damage.
     */
    @Override
    public void backup(Path dir) {
        checkOpen();
        consistently(() -> {
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
    void closeOnce() {
        closeStore();
    }

    // ---------------------------------------------------------------- writes: refused

    @Override
    public List<Entry> append(AppendRequest request) {
        throw refused("append");
    }

    @Override
    public CompletableFuture<List<Entry>> appendAsync(AppendRequest request) {
        throw refused("append");
    }

    @Override
    public AppendPipeline pipeline() {
        throw refused("append");
    }

    @Override
    public long applyRetention() {
        throw refused("apply retention");
    }

    @Override
    public void clear() {
        throw refused("clear");
    }

    @Override
    public Head importExport(Path file, String logId) {
        throw refused("import");
    }

    private ReadOnlyLogException refused(String operation) {
        checkOpen();
        return new ReadOnlyLogException(operation);
    }

    @Override
    List<Entry> appendAndWriteCursor(AppendRequest request, dev.chainlog.store.ConsumerCursor cursor) {
        throw new ReadOnlyLogException("append");
    }

    @Override
    void writeCursors(dev.chainlog.store.CursorChanges changes) {
        throw new ReadOnlyLogException("commit a consumer's position");
    }
}
