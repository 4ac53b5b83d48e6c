package dev.chainlog.disabled;

import dev.chainlog.api.AppendPipeline;
import dev.chainlog.api.CheckpointReport;
import dev.chainlog.api.ConsistencyProof;
import dev.chainlog.api.AppendRequest;
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
import dev.chainlog.api.VerifyOptions;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Hashes;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.NoteVerifier;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.core.AppendRules;
import dev.chainlog.core.EntryChain;
import dev.chainlog.core.FailFastPipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code disabled} backend: auditing switched off without changing the caller's code. Appends are validated
 * exactly as usual and return entries with monotonic seqs and a valid chain, but nothing is stored: reads find
 * nothing, request ids are not remembered, and every append burns nothing but a counter. Seqs start at 1 per
 * instance.
 */
public final class DisabledEventLog implements EventLog {
    private final EventLogConfig config;
    /** The same chaining, ts and uuid rules as every other log (docs/DESIGN.md: Sequence). */
    private final EntryChain chain = new EntryChain();
    private long headSeq;
    private byte[] headHash = Hashes.zero();
    private long headTs;
    private long appended;
    private volatile boolean closed;

    public DisabledEventLog(EventLogConfig config) {
        this.config = config;
    }

    @Override
    public synchronized List<Entry> append(AppendRequest request) {
        checkOpen();
        AppendRules.check(request, config);
        Instant now = config.clock().instant();
        chain.begin(headSeq, headHash, headTs, now.getEpochSecond() * 1_000_000L + now.getNano() / 1000);
        byte[] reqId = request.requestId() == null ? null : EntryCodec.stringField("reqId", request.requestId());
        List<Entry> out = chain.chain(request, reqId, new java.util.ArrayList<>());
        headSeq = chain.nextSeq() - 1;
        headHash = chain.prev();
        headTs = chain.ts();
        appended += out.size();
        return out;
    }

    @Override
    public CompletableFuture<List<Entry>> appendAsync(AppendRequest request) {
        try {
            return CompletableFuture.completedFuture(append(request));
        } catch (RuntimeException e) {
            if (e instanceof LogClosedException) {
                throw e;
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Appends complete on the calling thread, in order: the pipeline's own bookkeeping keeps its guarantee. */
    @Override
    public AppendPipeline pipeline() {
        checkOpen();
        return new FailFastPipeline((request, pipeline, index) -> appendAsync(request));
    }

    @Override
    public Page read(long sinceSeq, int limit) {
        checkArgs(sinceSeq, limit);
        return new Page(List.of(), sinceSeq, headSeq() + 1, head());
    }

    @Override
    public Page readStrict(long sinceSeq, int limit) {
        return read(sinceSeq, limit);
    }

    @Override
    public Optional<Entry> get(long seq) {
        checkOpen();
        return Optional.empty();
    }

    @Override
    public Optional<Entry> findByUuid(String uuid) {
        checkOpen();
        return Optional.empty();
    }

    @Override
    public List<Entry> findByRequestId(String requestId) {
        checkOpen();
        return List.of();
    }

    @Override
    public List<Entry> bySource(String source, long sinceSeq, int limit) {
        checkArgs(sinceSeq, limit);
        return List.of();
    }

    @Override
    public List<Entry> timeRange(Instant from, Instant to, int limit) {
        checkOpen();
        return List.of();
    }

    @Override
    public synchronized Head head() {
        checkOpen();
        return new Head(headSeq, Hashes.hex(headHash));
    }

    private synchronized long headSeq() {
        return headSeq;
    }

    @Override
    public long logStartSeq() {
        checkOpen();
        return headSeq() + 1;
    }

    @Override
    public synchronized LogStats stats() {
        checkOpen();
        return new LogStats(0, headSeq + 1, 0, headSeq, 0, 0, appended, "disabled", 0, 0);
    }

    @Override
    public LogTail subscribe(long sinceSeq) {
        checkArgs(sinceSeq, 0);
        return new LogTail() {
            private volatile boolean tailClosed;

            @Override
            public Entry poll(Duration timeout) throws InterruptedException {
                if (tailClosed || closed) {
                    throw new LogClosedException("the tail is closed");
                }
                Thread.sleep(timeout.toMillis());
                return null;
            }

            @Override
            public long position() {
                return sinceSeq;
            }

            @Override
            public boolean caughtUp() {
                return true;
            }

            @Override
            public void close() {
                tailClosed = true;
            }
        };
    }

    @Override
    public IntegrityReport verify(VerifyOptions options) {
        checkOpen();
        Head head = head();
        return new IntegrityReport(0, 0, 0, head.seq() + 1, head, List.of(), 0);
    }

    private final String logId = UUID.randomUUID().toString();

    @Override
    public String logId() {
        return logId;
    }

    @Override
    public dev.chainlog.api.Snapshot saveSnapshot(String name, long seq, byte[] state, int keep) {
        throw new UnsupportedOperationException("the disabled backend stores no snapshots");
    }

    @Override
    public Optional<dev.chainlog.api.Snapshot> latestSnapshot(String name) {
        return Optional.empty();
    }

    @Override
    public List<dev.chainlog.api.SnapshotInfo> snapshots(String name) {
        return List.of();
    }

    @Override
    public List<String> snapshotNames() {
        return List.of();
    }

    @Override
    public dev.chainlog.api.ReplayResult replay(String name, java.util.function.Consumer<dev.chainlog.api.Snapshot> onSnapshot,
                                                java.util.function.Consumer<Entry> onEntry) {
        throw new UnsupportedOperationException("the disabled backend stores nothing to replay");
    }

    @Override
    public dev.chainlog.api.DurableConsumer consumer(String name) {
        throw new UnsupportedOperationException("the disabled backend stores nothing to consume");
    }

    @Override
    public List<dev.chainlog.api.ConsumerPosition> consumers() {
        return List.of();
    }

    @Override
    public boolean deleteConsumer(String name) {
        return false;
    }

    @Override
    public byte[] treeRoot(long treeSize) {
        throw new UnsupportedOperationException("the disabled backend keeps no Merkle tree");
    }

    @Override
    public InclusionProof inclusionProof(long seq, long treeSize) {
        throw new UnsupportedOperationException("the disabled backend keeps no Merkle tree to prove entries with");
    }

    @Override
    public ConsistencyProof consistencyProof(long oldSize, long newSize) {
        throw new UnsupportedOperationException("the disabled backend keeps no Merkle tree to prove consistency with");
    }

    @Override
    public dev.chainlog.api.TilesWritten exportTiles(java.nio.file.Path dir, SignedNote checkpoint) {
        throw new UnsupportedOperationException("the disabled backend keeps no Merkle tree to export");
    }

    @Override
    public SignedNote checkpoint(List<NoteSigner> signers) {
        throw new UnsupportedOperationException("the disabled backend keeps no history to checkpoint");
    }

    @Override
    public CheckpointReport verifyCheckpoints(List<String> checkpoints, List<NoteVerifier.Key> trusted) {
        throw new UnsupportedOperationException("the disabled backend keeps no history to check");
    }

    @Override
    public List<SignedNote> storedCheckpoints() {
        return List.of();
    }

    @Override
    public long applyRetention() {
        return logStartSeq();
    }

    @Override
    public void backup(java.nio.file.Path dir) {
        throw new UnsupportedOperationException("the disabled backend stores nothing to back up");
    }

    @Override
    public Head importExport(java.nio.file.Path file, String logId) {
        throw new UnsupportedOperationException("the disabled backend stores nothing to import into");
    }

    @Override
    public void clear() {
        checkOpen();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkArgs(long sinceSeq, int limit) {
        checkOpen();
        if (sinceSeq < 0) {
            throw new IllegalArgumentException("sinceSeq must be >= 0, got " + sinceSeq);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new LogClosedException("the log is closed");
        }
    }
}
