package dev.chainlog.core;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.chain.EntryCodec;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** What callers queue for the writer role ({@link WriterRole}): an append, or an action to run as the writer. */
sealed interface Task permits Task.Append, Task.Control {
    /** Fails the task's future (the log closed, the writer failed); a task already done stays as it is. */
    void fail(ChainlogException e);

    /** A validated, pre-encoded append request and its outcome. */
    final class Append implements Task {
        final AppendRequest request;
        final boolean sync;
        /** Null unless submitted through a pipeline, where a failure of an earlier request aborts this append. */
        final FailFastPipeline pipeline;
        final long indexInPipeline;
        final byte[] requestIdField;
        /** A durable consumer's position to write in the same batch as this append's entries, or null. */
        final dev.chainlog.store.ConsumerCursor cursor;
        final CompletableFuture<List<Entry>> future = new CompletableFuture<>();
        /** Set when the writer accepts it: the entries its commit writes. */
        List<Entry> entries;
        /** Set when it repeats an accepted append of its own group (same request id, same body). */
        Append replayOf;

        Append(AppendRequest request, boolean sync, FailFastPipeline pipeline, long indexInPipeline) {
            this(request, sync, pipeline, indexInPipeline, null);
        }

        Append(AppendRequest request, boolean sync, FailFastPipeline pipeline, long indexInPipeline,
               dev.chainlog.store.ConsumerCursor cursor) {
            this.cursor = cursor;
            this.request = request;
            this.sync = sync;
            this.pipeline = pipeline;
            this.indexInPipeline = indexInPipeline;
            this.requestIdField = request.requestId() == null ? null : EntryCodec.stringField("reqId", request.requestId());
        }

        /** Same events (kind, source, caller uuid, meta, payload) in the same order. */
        boolean sameBody(Append other) {
            List<Event> mine = request.events();
            List<Event> theirs = other.request.events();
            if (mine.size() != theirs.size()) {
                return false;
            }
            for (int i = 0; i < mine.size(); i++) {
                Event a = mine.get(i);
                Event b = theirs.get(i);
                if (!a.kind().equals(b.kind()) || !Objects.equals(a.source(), b.source())
                        || !Objects.equals(a.uuid(), b.uuid()) || !a.meta().equals(b.meta())
                        || !a.payloadJson().equals(b.payloadJson())) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Records that this append fails, in its pipeline, so the writer aborts the pipeline's later requests: done
         * the moment the writer knows, while its future is completed once the writer role is released.
         */
        void recordFailure(ChainlogException e) {
            if (pipeline != null && !future.isDone()) {
                pipeline.failed(indexInPipeline, e);
            }
        }

        /**
         * Fails this append, recording the failure in its pipeline first (before the writer decides the next). An
         * append already completed (committed and acknowledged) is not failed afterwards.
         */
        @Override
        public void fail(ChainlogException e) {
            if (future.isDone()) {
                return;
            }
            recordFailure(e);
            future.completeExceptionally(e);
        }
    }

    /**
     * An action run as the writer, between commit groups (a cut, an import, a checkpoint of the stored head). What
     * the action owns (a prepared cut's native batch) is the task's: {@code neverRun} releases it when the task fails
     * without running (the log closed or refuses writes), so a caller that stops waiting never has to.
     */
    final class Control<T> implements Task {
        final Callable<T> action;
        final Runnable neverRun;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Control(Callable<T> action) {
            this(action, () -> { });
        }

        Control(Callable<T> action, Runnable neverRun) {
            this.action = action;
            this.neverRun = neverRun;
        }

        void runNow() {
            try {
                future.complete(action.call());
            } catch (Exception e) {
                future.completeExceptionally(e);
            }
        }

        @Override
        public void fail(ChainlogException e) {
            try {
                neverRun.run();
            } finally {
                future.completeExceptionally(e);
            }
        }
    }
}
