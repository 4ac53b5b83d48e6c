package dev.chainlog.core;

import dev.chainlog.api.AppendAbortedException;
import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.DuplicateUuidException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.RequestIdConflictException;
import dev.chainlog.api.StorageException;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.CommitBatch;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.PreparedCut;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decisions of one commit group (docs/DESIGN.md: Sequence, Idempotency, Unique uuids), on a real in-memory
 * store: what is accepted and chained, what repeats an earlier application, what is refused — and that a refused
 * request takes no seq and the store is read once per group, not once per request.
 */
class AppendGroupTest {
    private static final long NOW = 2_000_000;

    private final EntryChain chain = new EntryChain();

    static Task.Append append(AppendRequest r) {
        return new Task.Append(r, false, null, 0);
    }

    static AppendRequest event(String kind) {
        return AppendRequest.of(Event.of(kind));
    }

    private static AppendRequest withUuid(String kind, String uuid) {
        return AppendRequest.of(Event.builder(kind).uuid(uuid).build());
    }

    private AppendGroup group(WatchedStore s, long visibleStart, Task.Append... appends) {
        return new AppendGroup(s, s.readMeta(), visibleStart, chain, NOW, List.of(appends));
    }

    /** Commits the group's entries as the writer would, and completes it. */
    private static void commit(WatchedStore s, AppendGroup g) {
        s.commit(new CommitBatch(g.entries(), g.next()), false);
        g.complete();
    }

    private static List<Long> seqs(Task.Append a) throws Exception {
        return a.future.get().stream().map(Entry::seq).toList();
    }

    private static List<String> hashes(Task.Append a) throws Exception {
        return a.future.get().stream().map(Entry::hash).toList();
    }

    /** The exception {@code a} failed with, checked to be of {@code type} and to mention {@code words}. */
    private static <T extends Throwable> T failure(Task.Append a, Class<T> type, String words) {
        assertTrue(a.future.isCompletedExceptionally(), "the append is failed");
        Throwable cause;
        try {
            a.future.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            cause = e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        T t = assertInstanceOf(type, cause);
        assertTrue(t.getMessage().contains(words), () -> "'" + t.getMessage() + "' mentions '" + words + "'");
        return t;
    }

    @Test
    void acceptedAppendsAreChainedFromThePublishedHeadInQueueOrder() throws Exception {
        WatchedStore s = WatchedStore.withEntries(3);
        LogMeta base = s.readMeta();
        Task.Append a = append(AppendRequest.batch(List.of(Event.of("a1"), Event.of("a2"))));
        Task.Append b = append(event("b"));
        AppendGroup g = group(s, 1, a, b);

        assertEquals(List.of(4L, 5L, 6L), g.entries().stream().map(e -> e.seq()).toList());
        assertEquals(6, g.next().headSeq());
        assertArrayEquals(g.entries().get(2).hash(), g.next().headHash());
        assertEquals(NOW, g.next().headTs());
        assertEquals(base.logStartSeq(), g.next().logStartSeq());
        assertFalse(a.future.isDone(), "nothing is acknowledged before the commit");
        commit(s, g);

        assertEquals(List.of(4L, 5L), seqs(a));
        assertEquals(List.of(6L), seqs(b));
        assertEquals(Hashes.hex(base.headHash()), a.future.get().get(0).prev());
        assertEquals(a.future.get().get(1).hash(), b.future.get().get(0).prev());
    }

    @Test
    void aRefusedRequestTakesNoSeqAndTheNextOneGetsIt() throws Exception {
        WatchedStore s = WatchedStore.withEntries(0);
        Task.Append first = append(withUuid("first", "u-1"));
        Task.Append clash = append(withUuid("clash", "u-1"));
        Task.Append next = append(event("next"));
        commit(s, group(s, 1, first, clash, next));

        failure(clash, DuplicateUuidException.class, "by the entry at seq 1, appended together with this one");
        assertEquals(List.of(1L), seqs(first));
        assertEquals(List.of(2L), seqs(next));
        assertEquals(List.of("first", "next"), s.stored().stream().map(Entry::kind).toList());
    }

    @Test
    void aUuidOfAStoredEntryIsTakenAndOneOfAPrunedEntryIsFree() throws Exception {
        WatchedStore s = WatchedStore.withEntries(0);
        commit(s, group(s, 1, append(withUuid("old", "u-old")), append(withUuid("kept", "u-kept"))));
        Task.Append reuseKept = append(withUuid("again", "u-kept"));
        AppendGroup refusing = group(s, 1, reuseKept);
        assertTrue(refusing.entries().isEmpty());
        refusing.complete();
        failure(reuseKept, DuplicateUuidException.class, "seq 2");

        try (PreparedCut cut = TestCuts.prepare(s, 2)) { // seq 1 goes: its uuid is free again
            s.commit(new CommitBatch(List.of(), cut, s.readMeta().withLogStart(2, Hashes.zero()), Map.of()), false);
        }
        Task.Append reuseOld = append(withUuid("again", "u-old"));
        commit(s, group(s, 2, reuseOld));
        assertEquals(List.of(3L), seqs(reuseOld));
    }

    @Test
    void aUuidTwiceInOneBatchRefusesTheWholeBatch() {
        WatchedStore s = WatchedStore.withEntries(0);
        Task.Append twice = append(AppendRequest.batch(List.of(
                Event.builder("a").uuid("u-2").build(), Event.builder("b").uuid("u-2").build())));
        AppendGroup g = group(s, 1, twice);
        assertTrue(g.entries().isEmpty());
        assertFalse(twice.future.isDone(), "a refusal too is answered once the writer role is released");
        g.complete();
        failure(twice, DuplicateUuidException.class, "twice in this batch");
    }

    @Test
    void aRetryOfAnAppliedRequestGetsTheFirstApplicationsEntriesAndWritesNothing() throws Exception {
        WatchedStore s = WatchedStore.withEntries(2);
        AppendRequest request = AppendRequest.batch(List.of(Event.of("x"), Event.of("y"))).withRequestId("req-1");
        Task.Append first = append(request);
        commit(s, group(s, 1, first));

        Task.Append retry = append(request);
        AppendGroup g = group(s, 1, retry);
        assertTrue(g.entries().isEmpty());
        assertFalse(retry.future.isDone(), "answered with the group, once the writer role is released");
        g.complete();
        assertEquals(List.of(3L, 4L), seqs(retry));
        assertEquals(hashes(first), hashes(retry));
    }

    @Test
    void aRequestIdAppliedToAnotherBodyIsAConflictAndTakesNoSeq() throws Exception {
        WatchedStore s = WatchedStore.withEntries(0);
        commit(s, group(s, 1, append(event("x").withRequestId("req-2"))));
        Task.Append other = append(event("not-x").withRequestId("req-2"));
        Task.Append more = append(AppendRequest.batch(List.of(Event.of("x"), Event.of("x"))).withRequestId("req-2"));
        Task.Append next = append(event("next"));
        commit(s, group(s, 1, other, more, next));

        failure(other, RequestIdConflictException.class, "different body");
        failure(more, RequestIdConflictException.class, "1 event(s)");
        assertEquals(List.of(2L), seqs(next));
    }

    @Test
    void aRequestIdOnlyPartlyRetainedCannotBeRepeated() {
        WatchedStore s = WatchedStore.withEntries(0);
        AppendRequest request = AppendRequest.batch(List.of(Event.of("x"), Event.of("y"), Event.of("z")))
                .withRequestId("req-3");
        commit(s, group(s, 1, append(request)));
        Task.Append retry = append(request);
        group(s, 2, retry).complete(); // seq 1 is below the visible start: the first application is only partly retained
        failure(retry, RequestIdConflictException.class, "pruned");
    }

    @Test
    void twoRequestsWithOneIdInAGroupAreAppliedOnce() throws Exception {
        WatchedStore s = WatchedStore.withEntries(0);
        Task.Append a = append(event("x").withRequestId("req-4"));
        Task.Append again = append(event("x").withRequestId("req-4"));
        Task.Append different = append(event("y").withRequestId("req-4"));
        AppendGroup g = group(s, 1, a, again, different);
        assertEquals(1, g.entries().size());
        commit(s, g);
        assertEquals(hashes(a), hashes(again));
        failure(different, RequestIdConflictException.class, "in this commit group");
    }

    @Test
    void aFailedCommitFailsTheAcceptedAppendsAndTheirRepeatsAlike() {
        WatchedStore s = WatchedStore.withEntries(0);
        Task.Append a = append(event("x").withRequestId("req-5"));
        Task.Append again = append(event("x").withRequestId("req-5"));
        AppendGroup g = group(s, 1, a, again);
        StorageException e = new StorageException("disk full");
        g.fail(e);
        assertFalse(a.future.isDone(), "answered by complete()");
        g.complete();
        assertSame(e, failure(a, StorageException.class, "disk full"));
        assertSame(e, failure(again, StorageException.class, "disk full"));
    }

    @Test
    void aPipelineAppendAfterAnEarlierFailureIsAbortedAndTakesNoSeq() throws Exception {
        WatchedStore s = WatchedStore.withEntries(0);
        commit(s, group(s, 1, append(withUuid("taken", "u-5"))));
        FailFastPipeline pipeline = new FailFastPipeline((r, p, i) -> new CompletableFuture<>());
        Task.Append refused = new Task.Append(withUuid("dup", "u-5"), false, pipeline, 1);
        Task.Append behind = new Task.Append(event("behind"), false, pipeline, 2);
        Task.Append elsewhere = append(event("elsewhere"));
        commit(s, group(s, 1, refused, behind, elsewhere));

        failure(refused, DuplicateUuidException.class, "u-5");
        AppendAbortedException aborted = failure(behind, AppendAbortedException.class, "u-5");
        assertInstanceOf(DuplicateUuidException.class, aborted.getCause());
        assertEquals(List.of(2L), seqs(elsewhere));
    }

    @Test
    void theStoreIsReadOncePerGroupWhateverItsSize() {
        WatchedStore s = WatchedStore.withEntries(0);
        AppendRequest applied = withUuid("a", "u-a").withRequestId("r-a");
        commit(s, group(s, 1, append(applied)));
        s.requestLookups.set(0);
        s.uuidLookups.set(0);
        s.valueLookups.set(0);
        Task.Append[] many = new Task.Append[200];
        many[0] = append(applied); // a retry
        many[1] = append(withUuid("clash", "u-a")); // a stored uuid
        for (int i = 2; i < many.length; i++) {
            many[i] = append(withUuid("e" + i, "u-" + i).withRequestId("r-" + i));
        }
        AppendGroup g = group(s, 1, many);
        assertEquals(198, g.entries().size());
        g.complete();
        assertTrue(many[0].future.isDone() && !many[0].future.isCompletedExceptionally());
        assertTrue(many[1].future.isCompletedExceptionally());
        assertEquals(1, s.requestLookups.get(), "request ids: one lookup");
        assertEquals(1, s.uuidLookups.get(), "uuids: one lookup");
        assertEquals(2, s.valueLookups.get(), "values: the retried id's entries, then the stored uuid's entry");
    }

    @Test
    void tsNeverGoesBelowTheHeadsWhenTheClockStepsBack() throws Exception {
        WatchedStore s = WatchedStore.withEntries(0);
        commit(s, new AppendGroup(s, s.readMeta(), 1, chain, 5_000_000, List.of(append(event("later")))));
        Task.Append earlier = append(event("clock-stepped-back"));
        commit(s, new AppendGroup(s, s.readMeta(), 1, chain, 1_000_000, List.of(earlier)));
        assertEquals(5_000_000, earlier.future.get().get(0).ts());
    }

    @Test
    void aGroupOfOnlyRefusalsAndRetriesHasNothingToCommit() {
        WatchedStore s = WatchedStore.withEntries(0);
        commit(s, group(s, 1, append(withUuid("a", "u-z"))));
        AppendGroup g = group(s, 1, append(withUuid("b", "u-z")));
        assertTrue(g.entries().isEmpty());
        assertFalse(g.sync());
        assertEquals(s.readMeta(), g.next());
    }
}
