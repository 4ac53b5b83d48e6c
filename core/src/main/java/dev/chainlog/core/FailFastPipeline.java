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
 * An {@link AppendPipeline} over any submit function: it remembers the first failure and aborts every request
 * submitted after it.
 *
 * <p>Invariant: no request is written after an earlier one of the same pipeline failed. Two mechanisms keep it:
 * every returned future records its failure as it completes (enough for a submitter that completes requests in
 * order, like the disabled backend's synchronous one); and the group-commit writer, which decides requests in
 * queue order, records a failure itself the moment it fails a request and checks {@link #firstFailure()} before
 * it decides the next one, so requests already queued behind a failed one (from any thread) are aborted too.
 */
public final class FailFastPipeline implements AppendPipeline {
    /** Queues one request of {@code pipeline}; may throw for a request refused on the calling thread. */
    @FunctionalInterface
    public interface Submitter {
        CompletableFuture<List<Entry>> submit(AppendRequest request, FailFastPipeline pipeline);
    }

    private final Submitter submitter;
    private final AtomicReference<ChainlogException> first = new AtomicReference<>();

    public FailFastPipeline(Submitter submitter) {
        this.submitter = submitter;
    }

    @Override
    public CompletableFuture<List<Entry>> submit(AppendRequest request) {
        ChainlogException failed = first.get();
        if (failed != null) {
            return CompletableFuture.failedFuture(new AppendAbortedException(failed));
        }
        CompletableFuture<List<Entry>> future;
        try {
            future = submitter.submit(request, this);
        } catch (ChainlogException e) {
            failed(e);
            throw e;
        }
        future.whenComplete((entries, error) -> {
            if (error != null) {
                failed(asChainlog(error));
            }
        });
        return future;
    }

    @Override
    public Optional<ChainlogException> failure() {
        return Optional.ofNullable(first.get());
    }

    /** The first failure, or null. */
    ChainlogException firstFailure() {
        return first.get();
    }

    /** Records {@code e} unless an earlier failure is recorded; an abort is never the first failure. */
    void failed(ChainlogException e) {
        if (!(e instanceof AppendAbortedException)) {
            first.compareAndSet(null, e);
        }
    }

    private static ChainlogException asChainlog(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return cause instanceof ChainlogException c ? c : new StorageException("append failed: " + cause, cause);
    }
}
