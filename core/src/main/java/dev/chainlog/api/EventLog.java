package dev.chainlog.api;

import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.NoteVerifier;
import dev.chainlog.checkpoint.SignedNote;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A tamper-evident, append-only event log (docs/DESIGN.md: Guarantees).
 *
 * <ul>
 *   <li>Every entry gets a {@code seq}: 1, 2, 3, ... gap-free and never reused, not after retention, {@link #clear()},
 *       a rejected append, a restart or a crash.</li>
 *   <li>Every entry is hash-chained to the one before it; {@link #verify()} reports any edit, deletion or
 *       reordering.</li>
 *   <li>Appends are acknowledged under the log's {@link Durability}; concurrent appends share one storage write.</li>
 * </ul>
 * Thread-safe. Open one with {@link EventLogs#open(EventLogConfig)}; close it to flush and release the storage.
 */
public interface EventLog extends AutoCloseable {

    // ---------------------------------------------------------------- appends

    /** Appends one event and returns its entry once it is durable under the log's durability. */
    default Entry append(Event event) {
        return append(AppendRequest.of(event)).get(0);
    }

    /**
     * Appends one event under an idempotency key (docs/DESIGN.md: Idempotency): a retry with the same id returns the
     * first entry.
     */
    default Entry append(Event event, String requestId) {
        return append(AppendRequest.of(event).withRequestId(requestId)).get(0);
    }

    /** Appends events atomically (all or nothing) with consecutive seqs. */
    default List<Entry> appendBatch(List<Event> events) {
        return append(AppendRequest.batch(events));
    }

    /** Appends a request and waits for it; rethrows the request's failure. */
    List<Entry> append(AppendRequest request);

    /** Queues one event; the future completes when the entry is durable, or fails with the reason. */
    default CompletableFuture<Entry> appendAsync(Event event) {
        return appendAsync(AppendRequest.of(event)).thenApply(entries -> entries.get(0));
    }

    /**
     * Queues a request. Validation of the events happens on the calling thread (and throws here); ordering,
     * idempotency and uniqueness are decided by the log's single writer, whose verdict completes the future.
     */
    CompletableFuture<List<Entry>> appendAsync(AppendRequest request);

    /**
     * A pipeline for streaming appends that must stop at the first refusal: its requests are written in submission
     * order, pipelined like {@link #appendAsync}, and once one fails none submitted after it is written (see
     * {@link AppendPipeline}). For a producer that must be able to resume exactly after the last request it saw
     * acknowledged.
     */
    AppendPipeline pipeline();

    // ---------------------------------------------------------------- reads

    /**
     * Up to {@code limit} entries with seq &gt; {@code sinceSeq}, in order. When retention removed some of them
     * the page starts at {@link #logStartSeq()} and says so ({@link Page#cursorExpired()}).
     *
     * @throws IllegalArgumentException if {@code sinceSeq < 0} or {@code limit < 0}
     */
    Page read(long sinceSeq, int limit);

    /** Like {@link #read} but throws {@link CursorExpiredException} when entries after the cursor were pruned. */
    Page readStrict(long sinceSeq, int limit);

    /** The retained entry with this seq. */
    Optional<Entry> get(long seq);

    Optional<Entry> findByUuid(String uuid);

    /** The retained entries appended under this request id, in seq order (several for a batch). */
    List<Entry> findByRequestId(String requestId);

    /** Up to {@code limit} retained entries of this source with seq &gt; {@code sinceSeq}, in order. */
    List<Entry> bySource(String source, long sinceSeq, int limit);

    /** Retained entries with {@code from <= ts <= to} (both inclusive), in order, at most {@code limit}. */
    List<Entry> timeRange(Instant from, Instant to, int limit);

    /** All retained entries with {@code from <= ts <= to}; see {@link #timeRange(Instant, Instant, int)}. */
    default List<Entry> timeRange(Instant from, Instant to) {
        return timeRange(from, to, Integer.MAX_VALUE);
    }

    Head head();

    /** The first retained seq: {@code head().seq() + 1} when nothing is retained. Only moves forward. */
    long logStartSeq();

    LogStats stats();

    /**
     * Follows the log from {@code sinceSeq}: replays every retained entry after it, then delivers new entries as
     * they commit. Close the tail when done.
     */
    LogTail subscribe(long sinceSeq);

    // ---------------------------------------------------------------- durable consumers (docs/DESIGN.md)

    /**
     * The durable consumer {@code name} (1 to 128 of A-Z a-z 0-9 . _ -): its position is stored in the log from its
     * first commit on; a consumer never committed stands at seq 0.
     *
     * @throws IllegalArgumentException for a name a consumer cannot have
     */
    DurableConsumer consumer(String name);

    /** Every consumer that has committed a position, by name. */
    java.util.List<ConsumerPosition> consumers();

    /** Removes the consumer {@code name} and its position; false when there was none. */
    boolean deleteConsumer(String name);

    // ---------------------------------------------------------------- snapshots (docs/DESIGN.md)

    /**
     * Saves the application state {@code state} of {@code name}, taken after entry {@code seq} (at most the head; at
     * least the entry before the log start), bound to that entry's hash and checksummed; keeps the newest
     * {@code keep} snapshots of the name (at least 1) and removes older ones in the same durable write.
     *
     * @throws IllegalArgumentException for a name, seq or keep out of range
     * @throws CursorExpiredException    when retention already removed the entry {@code seq}
     */
    Snapshot saveSnapshot(String name, long seq, byte[] state, int keep);

    /** As {@link #saveSnapshot(String, long, byte[], int)}, keeping the newest 3. */
    default Snapshot saveSnapshot(String name, long seq, byte[] state) {
        return saveSnapshot(name, seq, state, 3);
    }

    /**
     * The newest snapshot of {@code name} that can be used: its checksum holds, the log still holds its entry with
     * its hash, and the entries after it are still there. A damaged or outdated one is skipped (and logged) in favour
     * of an older valid one; empty when none.
     */
    java.util.Optional<Snapshot> latestSnapshot(String name);

    /** Every stored snapshot of {@code name}, oldest first, with whether it can be used. */
    java.util.List<SnapshotInfo> snapshots(String name);

    /** The names with stored snapshots. */
    java.util.List<String> snapshotNames();

    /**
     * The crash-recovery replay: hands {@code onSnapshot} the latest usable snapshot of {@code name} (not called when
     * there is none), then {@code onEntry} every entry after it (after seq 0 without one) up to the head, in seq
     * order.
     *
     * @throws CursorExpiredException entries the replay needs were removed by retention (no snapshot covers them)
     */
    ReplayResult replay(String name, java.util.function.Consumer<Snapshot> onSnapshot,
                        java.util.function.Consumer<Entry> onEntry);

    // ---------------------------------------------------------------- the Merkle tree (docs/FORMAT.md §9)

    /**
     * The RFC 6962 Merkle root of the first {@code treeSize} entries (leaf index = seq − 1, leaf data = the value
     * hash): the root hash a checkpoint of that size signs. {@code treeSize} runs from the pruned boundary
     * ({@code logStartSeq − 1} of the stored log) to the head.
     *
     * @throws IllegalArgumentException for a size beyond the head
     * @throws CursorExpiredException    for a size below the pruned boundary: that tree's leaves were pruned
     */
    byte[] treeRoot(long treeSize);

    /**
     * The inclusion proof of entry {@code seq} in the tree of size {@code treeSize} (seq ≤ treeSize ≤ head), read
     * in O(log n) stored nodes.
     *
     * @throws IllegalArgumentException for a seq or size out of range
     * @throws CursorExpiredException    when the entry was pruned
     */
    InclusionProof inclusionProof(long seq, long treeSize);

    /**
     * The consistency proof from the tree of size {@code oldSize} to the one of size {@code newSize}
     * (1 ≤ oldSize ≤ newSize ≤ head).
     *
     * @throws IllegalArgumentException for sizes out of range
     * @throws CursorExpiredException    when {@code oldSize} is below the pruned boundary: what that tree held is
     *                                   no longer there to prove anything with
     */
    ConsistencyProof consistencyProof(long oldSize, long newSize);

    /**
     * Writes the tree of the signed {@code checkpoint}'s size (a checkpoint of this log, with a Merkle root) as a
     * static C2SP tlog-tiles layout into {@code dir} (which must not exist, or be empty): {@code checkpoint}, the tiles
     * {@code tile/<L>/<N>[.p/<W>]} and the entry bundles {@code tile/entries/<N>[.p/<W>]} of the 32-byte leaf data, so
     * any tiles client can read and prove from it (docs/FORMAT.md §9e). Written beside {@code dir} and
     * moved into place when complete.
     *
     * @throws IllegalArgumentException when the checkpoint is not one of this log's tree (another origin, a size
     *                                  beyond the head, a root the log's tree does not have)
     */
    TilesWritten exportTiles(java.nio.file.Path dir, dev.chainlog.checkpoint.SignedNote checkpoint);

    // ---------------------------------------------------------------- integrity and retention

    /** The log's id, random at creation; checkpoints name the log {@code chainlog/<id>}. */
    String logId();

    /**
     * Signs a checkpoint of the log as it is stored now (origin {@code chainlog/<id>}, head, prune anchor, time)
     * in the C2SP signed-note format. Keep it outside the log: it is evidence against someone who can rewrite
     * the whole database. See {@link Checkpoint}.
     */
    SignedNote checkpoint(List<NoteSigner> signers);

    /**
     * The checkpoints the log signed by itself under its {@link EventLogConfig#checkpoints() policy} and keeps: the
     * one taken at the last retention cut (the signed prune anchor) and the latest one, oldest first; empty when
     * there is no policy.
     */
    List<SignedNote> storedCheckpoints();

    /**
     * Checks the log against checkpoints signed earlier: each must verify with a trusted key, the log must still
     * hold what each committed to, its head must not be behind any, no two may disagree, and a pruned prefix must
     * be attested by one of them.
     */
    CheckpointReport verifyCheckpoints(List<String> checkpoints, List<NoteVerifier.Key> trusted);

    /** Checks every retained entry: values against checksums, the chain, seq continuity, the recorded head. */
    default IntegrityReport verify() {
        return verify(VerifyOptions.DEFAULT);
    }

    IntegrityReport verify(VerifyOptions options);

    /**
     * Applies ttl and maxEntries now: removes the expired prefix from storage, and returns once it is removed (its
     * entries and index entries deleted; appends go on meanwhile). Reads never return expired entries whether or
     * not this ran. The disk space comes back afterwards, in the background ({@link #reclaimSpace}). Returns the new
     * {@link #logStartSeq()}.
     */
    long applyRetention();

    /**
     * Gives back now the disk space of every retention cut so far (a RocksDB log compacts the pruned prefix away),
     * on the calling thread, and returns when done; appends go on meanwhile. Normally a background thread of the
     * writing process does this, throttled, and a cut whose process stopped first is finished by the next process
     * that opens the log for writing. {@code progress} (may be null) hears how many pruned entries were removed so
     * far. A no-op for backends without durable storage; refused by a read-only log.
     */
    default void reclaimSpace(java.util.function.LongConsumer progress) {
    }

    /**
     * Writes a consistent copy of the log into {@code dir} (a new folder, not inside the log's own) while the log
     * stays open; the copy opens as a log, with the same id, and verifies. A log opened read-only beside another
     * process that writes copies what it sees as of its last {@link #refresh()}. Backends without durable storage
     * throw {@link UnsupportedOperationException}.
     *
     * @throws IllegalArgumentException if {@code dir} exists or lies inside the log's folder
     */
    void backup(java.nio.file.Path dir);

    /**
     * Writes every retained entry with seq &gt; {@code sinceSeq} as an export (docs/FORMAT.md): one stored value
     * per line, verbatim, in seq order, read page by page (bounded memory). Stops at the head as of the start.
     * Returns the number of entries written.
     *
     * @throws CursorExpiredException if retention removes entries not yet written while the export runs
     */
    default long exportTo(java.io.OutputStream out, long sinceSeq) throws java.io.IOException {
        return exportTo(out, sinceSeq, head().seq());
    }

    /**
     * As {@link #exportTo(java.io.OutputStream, long)}, stopping after entry {@code untilSeq}: the entries with
     * {@code sinceSeq < seq <= untilSeq} (e.g. the intact prefix of a damaged log).
     */
    default long exportTo(java.io.OutputStream out, long sinceSeq, long untilSeq) throws java.io.IOException {
        Page page = read(sinceSeq, 1024);
        long written = 0;
        while (!page.entries().isEmpty()) {
            for (Entry e : page.entries()) {
                if (e.seq() > untilSeq) {
                    return written;
                }
                out.write(e.storedValue());
                out.write('\n');
                written++;
            }
            page = readStrict(page.nextSince(), 1024);
        }
        return written;
    }

    /**
     * Imports an export (JSON Lines, one stored value per line; docs/FORMAT.md) into this log, which must never
     * have had an entry. The whole file is verified first — chain, seqs, field layout, unique uuids,
     * non-decreasing ts — and refused with {@link ImportRefusedException} if anything is wrong, storing nothing.
     * An export that starts after seq 1 becomes a log whose pruned prefix ends before its first entry. Entries keep
     * their seqs and hashes. Returns the new head. The log keeps the id it got at creation: it is a new log with the
     * same entries, and checkpoints signed on the original name another log ({@code WRONG_LOG}); to restore the
     * original instead, pass its id to {@link #importExport(java.nio.file.Path, String)}.
     */
    default Head importExport(java.nio.file.Path file) {
        return importExport(file, null);
    }

    /**
     * As {@link #importExport(java.nio.file.Path)}, and the log takes {@code logId} — the id of the log the export was
     * taken from ({@link #logId()}, the origin {@code chainlog/<id>} of its checkpoints) — so it continues that log:
     * checkpoints signed on the original verify against it. Null keeps this log's own id.
     *
     * @throws IllegalArgumentException if {@code logId} is not a UUID (the form chainlog gives every log)
     */
    Head importExport(java.nio.file.Path file, String logId);

    /**
     * For a log opened with {@link EventLogs#openReadOnly} beside a writing process: catches up with what the
     * writer has committed. A no-op for a log that writes itself.
     */
    default void refresh() {
    }

    /**
     * Removes every entry, those of appends still queued when it is called too (it is ordered after them, as
     * {@link #applyRetention()} is). Numbering continues: the next append gets {@code head().seq() + 1}.
     */
    void clear();

    /**
     * Waits for queued appends, writes them, then releases the storage. Later appends fail; closing twice is fine,
     * and a close called while another is running returns only when that one has finished.
     */
    @Override
    void close();
}
