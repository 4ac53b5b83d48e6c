package dev.chainlog.core;

import dev.chainlog.api.AppendAbortedException;
import dev.chainlog.api.AppendPipeline;
import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.StorageException;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link AppendPipeline} over any submit function: it numbers requests in submission order, remembers the
 * earliest one that failed, and aborts every request numbered after it.
 *
 * <p>Invariant: no request is written after an earlier one of the same pipeline failed. Numbering and queueing
 * happen together under the pipeline's lock, so queue order is submission order. Two mechanisms record failures:
 * every returned future records its own as it completes (enough for a submitter that completes requests in order,
 * like the disabled backend's synchronous one); and the group-commit writer, which decides requests in queue
 * order, records a failure the moment it fails a request and asks {@link #failedBefore} before it decides the next
 * one, so requests already queued behind a failed one are aborted too. A request refused on the calling thread
 * ends the pipeline as well, but only for requests after it: those queued before it are still written.
 */
public final class FailFastPipeline implements AppendPipeline {
    /** Queues request number {@code index} of {@code pipeline}; may throw for a request refused on the calling thread. */
    @FunctionalInterface
    public interface Submitter {
        CompletableFuture<List<Entry>> submit(AppendRequest request, FailFastPipeline pipeline, long index);
    }

    private record Failure(long index, ChainlogException error) {
    }

    private final Submitter submitter;
    private final AtomicReference<Failure> first = new AtomicReference<>();
    private long submitted;

    public FailFastPipeline(Submitter submitter) {
        this.submitter = submitter;
    }

    @Override
    public CompletableFuture<List<Entry>> submit(AppendRequest request) {
        long index;
        CompletableFuture<List<Entry>> future;
        synchronized (this) {
            Failure failed = first.get();
            if (failed != null) {
                return CompletableFuture.failedFuture(new AppendAbortedException(failed.error()));
            }
            index = ++submitted;
            try {
                future = submitter.submit(request, this, index);
            } catch (ChainlogException e) {
                failed(index, e);
                throw e;
            }
        }
        future.whenComplete((entries, error) -> {
            if (error != null) {
                failed(index, asChainlog(error));
            }
        });
        return future;
    }

    @Override
    public Optional<ChainlogException> failure() {
        Failure f = first.get();
        return f == null ? Optional.empty() : Optional.of(f.error());
    }

    /** The failure that request {@code index} must be aborted for: that of an earlier request, or null. */
    ChainlogException failedBefore(long index) {
        Failure f = first.get();
        return f != null && f.index() < index ? f.error() : null;
    }

    /** Records the failure of request {@code index}, unless an earlier request's is recorded; aborts never count. */
    void failed(long index, ChainlogException e) {
        if (e instanceof AppendAbortedException) {
            return;
        }
        Failure mine = new Failure(index, e);
        first.accumulateAndGet(mine, (current, candidate) -> current == null || candidate.index() < current.index()
                ? candidate : current);
    }

    private static ChainlogException asChainlog(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return cause instanceof ChainlogException c ? c : new StorageException("append failed: " + cause, cause);
    }
}
