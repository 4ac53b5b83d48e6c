package dev.chainlog.api;

import java.util.List;

/**
 * A named consumer whose position lives in the log itself (docs/DESIGN.md: Durable consumers): after a crash or a
 * restart it resumes exactly after the last entry it committed — at-least-once delivery, never a skip.
 *
 * <p>{@link #poll} delivers the entries after the handle's fetch position, in seq order, and moves that position;
 * {@link #commit} moves the durable position, on the log's own commit path (atomic, durable as the log's mode
 * makes any write). A new handle starts at the committed position, so what was polled but not committed is
 * delivered again. The committed position names an entry by seq and hash: a log rewritten under it is an error, never
 * a silent resume; entries retention removed before the consumer got them are a {@link CursorExpiredException}.
 *
 * <p>Not thread-safe: one handle per consuming thread.
 */
public interface DurableConsumer {
    String name();

    /** The committed position, as stored now. */
    ConsumerPosition committed();

    /** The seq of the last entry {@link #poll} delivered through this handle (the committed seq at first). */
    long fetched();

    /**
     * Up to {@code max} entries after the fetch position, in seq order, without waiting (none when the consumer is at
     * the head); moves the fetch position past them.
     *
     * @throws CursorExpiredException         entries after the position were removed by retention
     * @throws ConsumerPositionMismatchException the committed position names an entry the log does not hold (checked
     *                                           at the handle's first poll)
     */
    List<Entry> poll(int max);

    /** Commits {@code entry} (one this log delivered) as the last one processed. */
    void commit(Entry entry);

    /**
     * Commits the entry {@code seq} with hash {@code hash} (64 hex) as the last one processed; refused unless the log
     * holds that entry with that hash.
     */
    void commit(long seq, String hash);

    /**
     * Appends {@code request} and commits {@code processed} as this consumer's position in one atomic write: for an
     * application that consumes this log and records what it derived in the same log, its output and its progress
     * can never disagree after a crash. Refused, writing nothing, as {@link #commit} and as the append would be.
     */
    List<Entry> appendAndCommit(AppendRequest request, Entry processed);

    /**
     * Has retention keep the entries after this consumer's committed position while it is at most {@code maxEntries}
     * behind the head (0: release the hold): ttl and maxEntries then never remove what it has not committed, and a
     * consumer that stops holds at most {@code maxEntries} entries beyond what they keep. It keeps only what is still
     * there when set. Written on the log's commit path, as a commit is.
     */
    void holdRetention(long maxEntries);

    /**
     * Restores the application's state where this consumer stands, for a restart after a crash: hands
     * {@code onSnapshot} the latest valid snapshot of {@code snapshotName} (if any), then {@code onEntry} the entries
     * after it up to the committed position, and moves the fetch position there — or, when the snapshot is newer than
     * the committed position, to the snapshot (its state holds those entries already). The next {@link #poll}
     * continues after it: with state and position restored together, nothing is applied twice or missed.
     *
     * @return the seq the restored state stands at
     */
    long recover(String snapshotName, java.util.function.Consumer<Snapshot> onSnapshot,
                 java.util.function.Consumer<Entry> onEntry);

    /** Moves the fetch position back to the committed one: what was polled since is delivered again. */
    void rewindToCommitted();
}
