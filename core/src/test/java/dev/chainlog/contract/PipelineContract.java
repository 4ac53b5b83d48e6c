package dev.chainlog.contract;

import dev.chainlog.api.AppendAbortedException;
import dev.chainlog.api.AppendPipeline;
import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.DuplicateUuidException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.InvalidEventException;
import dev.chainlog.api.RequestIdConflictException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static dev.chainlog.contract.TestKit.assertIntact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AppendPipeline}: pipelined appends in submission order that never run past a refusal. Every request is
 * submitted before any is awaited, so the writer sees the refused one and the ones behind it in its queue together.
 */
public abstract class PipelineContract extends ContractBase {

    private static Event numbered(int i) {
        return Event.builder("k").uuid("u-" + i).payload(Map.of("i", i)).build();
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return e.getCause();
    }

    @Test
    void aRefusedRequestStopsEveryLaterOneAndEverythingBeforeItIsStored() {
        EventLog log = logs().open().log();
        log.append(numbered(3)); // seq 1 takes uuid u-3: the pipeline's third request will be refused
        AppendPipeline pipeline = log.pipeline();
        List<CompletableFuture<List<Entry>>> futures = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            futures.add(pipeline.submit(AppendRequest.of(numbered(i))));
        }
        assertEquals(2, futures.get(0).join().get(0).seq());
        assertEquals(3, futures.get(1).join().get(0).seq());
        Throwable refused = failureOf(futures.get(2));
        assertInstanceOf(DuplicateUuidException.class, refused);
        for (int i = 3; i < futures.size(); i++) {
            AppendAbortedException aborted = assertInstanceOf(AppendAbortedException.class, failureOf(futures.get(i)));
            assertSame(refused, aborted.firstFailure(), "every abort names the first failure");
        }
        assertSame(refused, pipeline.failure().orElseThrow());
        assertEquals(3, log.head().seq(), "nothing after the refused request was stored, and it took no seq");
        assertInstanceOf(AppendAbortedException.class, failureOf(pipeline.submit(AppendRequest.of(numbered(1000)))),
                "a pipeline that failed stays failed");
        assertEquals(4, log.append(numbered(1001)).seq(), "the log itself goes on");
        assertIntact(log.verify());
    }

    @Test
    void aReusedRequestIdWithAnotherBodyStopsThePipelineAndABatchIsAbortedWhole() {
        EventLog log = logs().open().log();
        AppendPipeline pipeline = log.pipeline();
        CompletableFuture<List<Entry>> first = pipeline.submit(new AppendRequest(List.of(numbered(1)), "r-1", null));
        CompletableFuture<List<Entry>> retry = pipeline.submit(new AppendRequest(List.of(numbered(1)), "r-1", null));
        CompletableFuture<List<Entry>> conflict = pipeline.submit(new AppendRequest(List.of(numbered(2)), "r-1", null));
        CompletableFuture<List<Entry>> batch = pipeline.submit(AppendRequest.batch(List.of(numbered(3), numbered(4))));
        assertEquals(first.join(), retry.join(), "an idempotent retry is a success, not a failure");
        assertInstanceOf(RequestIdConflictException.class, failureOf(conflict));
        assertInstanceOf(AppendAbortedException.class, failureOf(batch));
        assertEquals(1, log.head().seq());
    }

    @Test
    void aRequestRefusedOnTheCallingThreadEndsThePipelineButNotTheRequestsBeforeIt() {
        EventLog log = logs().open(b -> b.maxPayloadBytes(64)).log();
        AppendPipeline pipeline = log.pipeline();
        List<CompletableFuture<List<Entry>>> before = new ArrayList<>();
        for (int i = 1; i <= 2_000; i++) { // many still queued when the refusal comes
            before.add(pipeline.submit(AppendRequest.of(numbered(i))));
        }
        Event tooLarge = Event.of("k", Map.of("text", "x".repeat(100)));
        assertThrows(InvalidEventException.class, () -> pipeline.submit(AppendRequest.of(tooLarge)));
        assertInstanceOf(AppendAbortedException.class, failureOf(pipeline.submit(AppendRequest.of(numbered(0)))));
        for (int i = 0; i < before.size(); i++) {
            assertEquals(i + 1, before.get(i).join().get(0).seq(), "submitted before the refusal: written");
        }
        assertEquals(2_000, log.head().seq());
    }

    @Test
    void aPipelineThatNeverFailsWritesEverythingInOrder() {
        EventLog log = logs().open().log();
        AppendPipeline pipeline = log.pipeline();
        List<CompletableFuture<List<Entry>>> futures = new ArrayList<>();
        for (int i = 1; i <= 2_000; i++) {
            futures.add(pipeline.submit(AppendRequest.of(numbered(i))));
        }
        for (int i = 0; i < futures.size(); i++) {
            Entry e = futures.get(i).join().get(0);
            assertEquals(i + 1, e.seq());
            assertEquals("u-" + (i + 1), e.uuid());
        }
        assertTrue(pipeline.failure().isEmpty());
        assertIntact(log.verify());
    }
}
