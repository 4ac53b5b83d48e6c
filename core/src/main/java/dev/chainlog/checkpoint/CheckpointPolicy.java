package dev.chainlog.checkpoint;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * When the log signs checkpoints by itself: every {@code everyEntries} appended entries, every {@code every}
 * (checked on commits and by the writer's timer), and after every retention cut (the signed prune anchor). Each
 * note is stored in the log (the latest one, and the latest one taken at a cut) and handed to {@code listener},
 * the hook where an application anchors it elsewhere — a witness, another system, a ticket. The listener runs once
 * the note's commit succeeded, after the writer role is released, on the thread that completes that commit's
 * appends (before it completes them): keep it short, hand the note off.
 *
 * @param signers      the keys that sign (at least one)
 * @param everyEntries sign after this many new entries (0: not by count)
 * @param every        sign when this much time has passed since the last checkpoint (null: not by time)
 * @param listener     receives each new note (may be null)
 */
public record CheckpointPolicy(List<NoteSigner> signers, long everyEntries, Duration every, Consumer<SignedNote> listener) {
    public CheckpointPolicy {
        signers = List.copyOf(signers);
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint policy needs at least one signer");
        }
        if (everyEntries < 0 || (every != null && (every.isNegative() || every.isZero()))) {
            throw new IllegalArgumentException("checkpoint intervals must be positive");
        }
    }

    /** Names under which the log stores its notes. */
    public static final String LATEST = "checkpoint/latest";
    public static final String PRUNE_ANCHOR = "checkpoint/prune-anchor";
}
