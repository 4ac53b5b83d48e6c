package dev.chainlog.core;

import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.CheckpointPolicy;
import dev.chainlog.checkpoint.MalformedNoteException;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Signs the log's own checkpoints as its {@link CheckpointPolicy} asks (docs/DESIGN.md: Checkpoint evidence): the
 * note for a commit is signed over the state that commit produces and stored in the same atomic batch, so a stored
 * checkpoint never describes a state that was not committed. The listener hears of a note only after its commit
 * succeeded, and only once the writer role is released ({@link #deliver}): user code never runs under it.
 *
 * <p>Delivery keeps commit order: a committed note joins {@code delivery} (under the writer role, so in commit
 * order), and {@link #deliver} hands over everything queued, one thread at a time, oldest first. Whoever completes a
 * commit calls it before acknowledging, so when an append returns, the listener has had every note signed up to its
 * commit, exactly once, in order — even when another thread delivered it.
 *
 * <p>Signing state is the commit point's only (one writer at a time); {@link #deliver} runs on any thread.
 */
final class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    /** {@code lastSeq} when the stored checkpoint is unreadable: the next commit signs a new one, whatever it is. */
    private static final long UNREADABLE = -1;

    private final CheckpointPolicy policy;
    /** Told of each checkpoint signed (metrics: checkpoint age). */
    dev.chainlog.api.LogObserver observer = dev.chainlog.api.LogObserver.NONE;
    private long lastSeq;
    private long lastMicros;
    private SignedNote pending;
    private long pendingSeq;
    private long pendingMicros;
    private final Queue<SignedNote> delivery = new ConcurrentLinkedQueue<>();
    private final Object delivering = new Object();

    Checkpointer(CheckpointPolicy policy, LogStore store, long nowMicros) {
        this.policy = policy;
        this.lastMicros = nowMicros;
        byte[] latest = policy == null ? null : store.note(CheckpointPolicy.LATEST);
        if (latest != null) {
            try {
                Checkpoint cp = Checkpoint.parse(SignedNote.parse(new String(latest, StandardCharsets.UTF_8)).text());
                lastSeq = cp.headSeq();
                lastMicros = cp.timeMicros();
            } catch (MalformedNoteException e) {
                LOG.warn("the stored checkpoint is unreadable; a new one is signed at the next commit: {}", e.getMessage());
                lastSeq = UNREADABLE;
            }
        }
    }

    /** True when the policy's time interval has passed with entries not yet covered. */
    boolean dueByTime(LogMeta meta, long nowMicros) {
        return policy != null && policy.every() != null && meta.headSeq() != lastSeq
                && nowMicros - lastMicros >= policy.every().toNanos() / 1000;
    }

    /** The notes to store with a commit that produces {@code next}; empty when no checkpoint is due. */
    /** @param root the tree root of {@code next}, asked for only when a checkpoint is signed */
    Map<String, byte[]> notesFor(LogMeta next, Supplier<byte[]> root, boolean cut, long nowMicros) {
        pending = null;
        if (policy == null) {
            return Map.of();
        }
        boolean byCount = policy.everyEntries() > 0 && next.headSeq() - lastSeq >= policy.everyEntries();
        boolean replacesUnreadable = lastSeq == UNREADABLE;
        if (!cut && !byCount && !replacesUnreadable && !dueByTime(next, nowMicros)) {
            return Map.of();
        }
        SignedNote note = NoteSigner.signAll(of(next, root.get(), nowMicros).noteText(), policy.signers());
        byte[] bytes = note.format().getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> notes = new HashMap<>();
        notes.put(CheckpointPolicy.LATEST, bytes);
        if (cut) {
            notes.put(CheckpointPolicy.PRUNE_ANCHOR, bytes);
        }
        pending = note;
        pendingSeq = next.headSeq();
        pendingMicros = nowMicros;
        return notes;
    }

    /** The commit carrying the last notes succeeded: remember them, and queue the note for {@link #deliver}. */
    void committed() {
        if (pending == null) {
            return;
        }
        lastSeq = pendingSeq;
        lastMicros = pendingMicros;
        long seq = pendingSeq;
        long micros = pendingMicros;
        Observers.call(() -> observer.checkpointSigned(seq, micros));
        if (policy.listener() != null) {
            delivery.add(pending);
        }
        pending = null;
    }

    /**
     * Hands every committed note not yet delivered to the policy's listener, in commit order; call it after the
     * writer role is released. A failing listener is logged, never the log's problem.
     */
    void deliver() {
        if (policy == null || policy.listener() == null) {
            return;
        }
        // No empty-queue shortcut: another thread may have polled this caller's note and be handing it over still;
        // taking the lock waits for that, so the note is heard when this returns.
        synchronized (delivering) {
            SignedNote note;
            while ((note = delivery.poll()) != null) {
                try {
                    policy.listener().accept(note);
                } catch (RuntimeException e) {
                    LOG.warn("the checkpoint listener failed; the checkpoint is stored in the log all the same", e);
                }
            }
        }
    }

    /** The checkpoint of the state {@code m}, whose tree (of size {@code m.headSeq()}) has the root {@code root}. */
    static Checkpoint of(LogMeta m, byte[] root, long nowMicros) {
        return new Checkpoint(origin(m), m.headSeq(), root, m.headHash(), m.logStartSeq(), m.logStartPrev(), nowMicros);
    }

    /** The origin line of this log's checkpoints. */
    static String origin(LogMeta meta) {
        return "chainlog/" + meta.logId();
    }

    void aborted() {
        pending = null;
    }
}
