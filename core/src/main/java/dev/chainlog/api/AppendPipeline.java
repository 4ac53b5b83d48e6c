package dev.chainlog.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A stream of appends that never runs past a refusal ({@link EventLog#pipeline()}).
 *
 * <p>Requests are written in the order they are submitted, with as many in flight as the caller likes (they share
 * group commits as {@link EventLog#appendAsync(AppendRequest)} does). Once one is refused or fails, for whatever
 * reason — a rule its events break, a duplicate uuid, a request id reused with another body, a failed write, the
 * log closing — none submitted after it is written: each later request fails with {@link AppendAbortedException},
 * and so does every {@link #submit} from then on. A producer reading input can therefore stop at the first
 * failure and know exactly what was stored: every request before it that was acknowledged, nothing after it.
 *
 * <p>Thread-safe: requests submitted from several threads are ordered by their {@code submit} calls, and the
 * guarantee holds among them too.
 */
public interface AppendPipeline {
    /**
     * Queues a request after every request submitted before it. Events are validated on the calling thread: a
     * request that breaks a rule throws here (and ends the pipeline, like any other failure).
     *
     * @return completes with the entries once they are durable under the log's durability, or fails with the
     *         reason, or with {@link AppendAbortedException} when an earlier request of this pipeline failed
     */
    CompletableFuture<List<Entry>> submit(AppendRequest request);

    /** The first failure of this pipeline, once there is one: the refusal every later request was aborted for. */
    Optional<ChainlogException> failure();
}
