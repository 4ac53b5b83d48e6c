package dev.chainlog.contract;

import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.api.VerifyOptions;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.LogMeta;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.chainlog.contract.TestKit.appendN;
import static dev.chainlog.contract.TestKit.assertIntact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tamper evidence (docs/DESIGN.md: Tamper evidence): each class of damage, done directly to the store behind the log's
 * back, is reported
 * exactly: which seq, which class, nothing else.
 */
public abstract class VerifyContract extends ContractBase {

    private LogFixture.Opened tenEntries() {
        LogFixture.Opened o = logs().open();
        for (int i = 1; i <= 10; i++) {
            o.log().append(Event.builder("k").source("s").payload(Map.of("amount", i)).build());
        }
        assertIntact(o.log().verify());
        return o;
    }

    private static void assertProblems(IntegrityReport report, long firstBad, Problem... expected) {
        assertFalse(report.ok(), "damage must be reported");
        assertEquals(List.of(expected), report.problems().stream()
                .map(p -> new Problem(p.kind(), p.seq(), p.lastSeq(), "")).toList(), report.summary());
        assertEquals(firstBad, report.firstBadSeq().orElseThrow());
        for (Problem p : report.problems()) {
            assertFalse(p.detail().isBlank());
        }
    }

    private static Problem at(ProblemKind kind, long seq) {
        return new Problem(kind, seq, seq, "");
    }

    private static byte[] edited(Entry e, String from, String to) {
        String json = e.json();
        assertTrue(json.contains(from), json);
        return json.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anIntactLogVerifies() {
        LogFixture.Opened o = tenEntries();
        IntegrityReport r = o.log().verify();
        assertEquals(10, r.checked());
        assertEquals(1, r.firstChecked());
        assertEquals(10, r.lastChecked());
        assertTrue(r.firstBadSeq().isEmpty());
        assertFalse(r.pruned());
        assertTrue(o.log().verify(VerifyOptions.expecting(o.log().head()).withDeep(true)).ok());
    }

    @Test
    void anEditedPayloadIsContentChanged() {
        LogFixture.Opened o = tenEntries();
        o.tamper().putValue(4, edited(o.log().get(4).orElseThrow(), "\"amount\":4", "\"amount\":400"));
        assertProblems(o.log().verify(), 4, at(ProblemKind.CONTENT_CHANGED, 4));
    }

    @Test
    void anEditedHeadPayloadIsContentChanged() {
        LogFixture.Opened o = tenEntries();
        o.tamper().putValue(10, edited(o.log().get(10).orElseThrow(), "\"amount\":10", "\"amount\":11"));
        assertProblems(o.log().verify(), 10, at(ProblemKind.CONTENT_CHANGED, 10));
    }

    @Test
    void anEditedChecksumIsAChecksumMismatch() {
        LogFixture.Opened o = tenEntries();
        o.tamper().putChecksum(6, Hashes.sha256("forged".getBytes(StandardCharsets.UTF_8)));
        assertProblems(o.log().verify(), 6, at(ProblemKind.CHECKSUM_MISMATCH, 6));
    }

    @Test
    void aValueRewrittenWithItsChecksumBreaksTheChainAtTheNextEntry() {
        LogFixture.Opened o = tenEntries();
        byte[] forged = edited(o.log().get(5).orElseThrow(), "\"amount\":5", "\"amount\":6");
        o.tamper().putValue(5, forged);
        o.tamper().putChecksum(5, Hashes.sha256(forged));
        assertProblems(o.log().verify(), 6, at(ProblemKind.CHAIN_BREAK, 6));
    }

    @Test
    void aDeletedMiddleEntryIsASequenceGap() {
        LogFixture.Opened o = tenEntries();
        o.tamper().delete(5, true);
        assertProblems(o.log().verify(), 5, new Problem(ProblemKind.SEQUENCE_GAP, 5, 5, ""));
        o.tamper().delete(6, false);
        assertProblems(o.log().verify(), 5, new Problem(ProblemKind.SEQUENCE_GAP, 5, 6, ""));
    }

    @Test
    void swappedEntriesAreSeqKeyMismatches() {
        LogFixture.Opened o = tenEntries();
        Entry three = o.log().get(3).orElseThrow();
        Entry four = o.log().get(4).orElseThrow();
        o.tamper().putValue(3, four.storedValue());
        o.tamper().putChecksum(3, four.hashBytes());
        o.tamper().putValue(4, three.storedValue());
        o.tamper().putChecksum(4, three.hashBytes());
        assertProblems(o.log().verify(), 3, at(ProblemKind.SEQ_KEY_MISMATCH, 3), at(ProblemKind.SEQ_KEY_MISMATCH, 4));
    }

    @Test
    void anUnreadableValueIsReported() {
        LogFixture.Opened o = tenEntries();
        o.tamper().putValue(7, "not json at all".getBytes(StandardCharsets.UTF_8));
        IntegrityReport r = o.log().verify();
        assertProblems(r, 7, at(ProblemKind.UNREADABLE_VALUE, 7));
    }

    @Test
    void aTruncatedTailIsCaughtByTheRecordedHeadAndByAPinnedHead() {
        LogFixture.Opened o = tenEntries();
        Head pinned = o.log().head();
        o.tamper().delete(10, true);
        o.tamper().delete(9, true);
        assertProblems(o.log().verify(), 9, new Problem(ProblemKind.TRUNCATED, 9, 10, ""));

        // An attacker who also rewinds the recorded head fools the plain chain check...
        LogMeta meta = o.tamper().meta();
        Entry eight = o.log().read(7, 1).entries().get(0);
        o.tamper().putMeta(meta.withHead(8, eight.hashBytes(), eight.ts()));
        assertIntact(o.log().verify());
        // ...but not a verifier holding the head pinned earlier.
        assertProblems(o.log().verify(VerifyOptions.expecting(pinned)), 9, new Problem(ProblemKind.TRUNCATED, 9, 10, ""));
    }

    @Test
    void entriesStoredBeyondTheRecordedHeadAreAHeadMismatch() {
        LogFixture.Opened o = tenEntries();
        Entry eight = o.log().get(8).orElseThrow();
        LogMeta meta = o.tamper().meta();
        o.tamper().putMeta(meta.withHead(8, eight.hashBytes(), eight.ts()));
        IntegrityReport r = o.log().verify();
        assertProblems(r, 9, new Problem(ProblemKind.HEAD_MISMATCH, 9, 10, ""));
        assertTrue(r.problems().get(0).detail().contains("beyond the recorded head 8"), r.summary());
    }

    @Test
    void aPinnedHeadAtSeqZeroMatchesOnlyTheEmptyLog() {
        LogFixture.Opened o = tenEntries();
        assertIntact(o.log().verify(VerifyOptions.expecting(Head.EMPTY)));
        IntegrityReport r = o.log().verify(VerifyOptions.expecting(new Head(0, o.log().head().hash())));
        assertFalse(r.ok(), "0:<a real hash> can match no log");
        assertEquals(List.of(new Problem(ProblemKind.HEAD_MISMATCH, 0, 0, "")), r.problems().stream()
                .map(p -> new Problem(p.kind(), p.seq(), p.lastSeq(), "")).toList());
    }

    @Test
    void aRewrittenHistoryDoesNotMatchAPinnedHead() {
        LogFixture.Opened o = tenEntries();
        Head pinned = new Head(5, o.log().get(5).orElseThrow().hash());
        o.tamper().putValue(5, edited(o.log().get(5).orElseThrow(), "\"amount\":5", "\"amount\":50"));
        IntegrityReport r = o.log().verify(VerifyOptions.expecting(pinned));
        assertProblems(r, 5, at(ProblemKind.CONTENT_CHANGED, 5), at(ProblemKind.HEAD_MISMATCH, 5));
    }

    @Test
    void verifyAfterRetentionReportsThePrunedRangeNotGaps() {
        LogFixture.Opened o = logs().open(b -> b.maxEntries(4));
        appendN(o.log(), 20);
        o.log().applyRetention();
        IntegrityReport r = o.log().verify();
        assertIntact(r);
        assertEquals(17, r.logStartSeq());
        assertTrue(r.summary().contains("1..16 pruned"), r.summary());
        assertEquals(20, r.lastChecked());
    }

    @Test
    void theFirstRetainedEntryIsCheckedAgainstThePruneAnchor() {
        LogFixture.Opened o = logs().open(b -> b.maxEntries(4));
        appendN(o.log(), 20);
        o.log().applyRetention();
        LogMeta meta = o.tamper().meta();
        o.tamper().putMeta(meta.withLogStart(meta.logStartSeq(), Hashes.sha256(new byte[] {1})));
        IntegrityReport r = o.log().verify();
        assertProblems(r, meta.logStartSeq(), at(ProblemKind.CHAIN_BREAK, meta.logStartSeq()));
    }
}
