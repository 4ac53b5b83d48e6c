package dev.chainlog.contract;

import dev.chainlog.api.CheckpointReport;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.chain.CanonicalJson;
import dev.chainlog.chain.DecodedValue;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Hashes;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.api.CheckpointReport.Kind;
import dev.chainlog.checkpoint.NoteKeys;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.NoteVerifier;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.store.LogMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import static dev.chainlog.contract.TestKit.appendN;
import static dev.chainlog.contract.TestKit.assertIntact;
import static dev.chainlog.contract.TestKit.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed checkpoints against an attacker who can rewrite the whole store: the plain chain check is fooled by a
 * consistent rewrite, checkpoints kept outside the log are not.
 */
public abstract class CheckpointContract extends ContractBase {
    @TempDir
    Path dir;

    private final KeyPair keys = NoteKeys.generate();

    private NoteSigner signer(EventLog log) {
        return new NoteSigner("chainlog/" + log.logId(), keys.getPrivate(), keys.getPublic());
    }

    private List<NoteVerifier.Key> trusted() {
        return List.of(new NoteVerifier.Key(null, keys.getPublic()));
    }

    /** Ten entries with checkpoints signed at seqs 3, 6 and 10. */
    private List<String> tenWithCheckpoints(EventLog log) {
        List<String> notes = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            log.append(event(i));
            if (i == 3 || i == 6 || i == 10) {
                notes.add(log.checkpoint(List.of(signer(log))).format());
            }
        }
        return notes;
    }

    /** Rewrites entry {@code from}'s payload, then re-chains every later entry and fixes checksums and the head. */
    private static void rewriteHistory(LogFixture.Opened o, long from, String payloadJson) throws Exception {
        LogMeta meta = o.tamper().meta();
        byte[] prev = null;
        long ts = 0;
        for (long seq = from; seq <= meta.headSeq(); seq++) {
            Entry e = o.log().get(seq).orElseThrow();
            DecodedValue d = EntryCodec.decode(e.storedValue());
            byte[] payload = seq == from ? payloadJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : CanonicalJson.payload(d.payload());
            byte[] value = EntryCodec.encodeValue(seq, seq == from ? Hashes.fromHex(d.prev()) : prev, d.ts(),
                    EntryCodec.encodeEvent(d.kind(), d.source(), d.meta(), payload),
                    d.reqId() == null ? null : EntryCodec.stringField("reqId", d.reqId()), EntryCodec.stringField("uuid", d.uuid()));
            prev = Hashes.sha256(value);
            ts = d.ts();
            o.tamper().putValue(seq, value);
            o.tamper().putChecksum(seq, prev);
        }
        o.tamper().putMeta(meta.withHead(meta.headSeq(), prev, ts));
    }

    private static List<Kind> kinds(CheckpointReport r) {
        return r.findings().stream().map(CheckpointReport.Finding::kind).toList();
    }

    @Test
    void anIntactLogMatchesItsCheckpoints() {
        EventLog log = logs().open().log();
        List<String> notes = tenWithCheckpoints(log);
        CheckpointReport r = log.verifyCheckpoints(notes, trusted());
        assertTrue(r.ok(), r.summary());
        assertEquals(List.of(Kind.MATCHES, Kind.MATCHES, Kind.MATCHES), kinds(r));
        SignedNote note = SignedNote.parse(notes.get(2));
        Checkpoint cp = Checkpoint.parse(note.text());
        assertEquals(10, cp.headSeq());
        assertEquals(log.head().hash(), Hashes.hex(cp.headHash()));
        assertEquals("chainlog/" + log.logId(), cp.origin());
        assertEquals(notes.get(2), note.format(), "a note survives a parse and format round trip byte for byte");
    }

    @Test
    void aConsistentRewriteFoolsTheChainButNotTheCheckpoints() throws Exception {
        LogFixture.Opened o = logs().open();
        List<String> notes = tenWithCheckpoints(o.log());
        rewriteHistory(o, 5, "{\"i\":500}");
        assertIntact(o.log().verify()); // every hash, checksum and the head were recomputed: the chain alone is fooled
        CheckpointReport r = o.log().verifyCheckpoints(notes, trusted());
        assertFalse(r.ok());
        assertEquals(List.of(Kind.MATCHES, Kind.CONTENT_MISMATCH, Kind.CONTENT_MISMATCH), kinds(r));
        assertEquals(6, r.firstBadSeq().orElseThrow(), "the first checkpointed seq that no longer matches");
        assertTrue(r.findings().get(1).detail().contains("after seq 3 and at or before seq 6"), r.summary());
    }

    @Test
    void aTruncatedTailIsDetected() {
        LogFixture.Opened o = logs().open();
        List<String> notes = tenWithCheckpoints(o.log());
        LogMeta meta = o.tamper().meta();
        Entry eight = o.log().get(8).orElseThrow();
        o.tamper().delete(10, true);
        o.tamper().delete(9, true);
        o.tamper().putMeta(meta.withHead(8, eight.hashBytes(), eight.ts()));
        assertIntact(o.log().verify());
        CheckpointReport r = o.log().verifyCheckpoints(notes, trusted());
        assertEquals(List.of(Kind.MATCHES, Kind.MATCHES, Kind.TRUNCATED), kinds(r));
        assertEquals(9, r.firstBadSeq().orElseThrow());
    }

    @Test
    void forkedCheckpointsAreDetected() {
        EventLog log = logs().open().log();
        List<String> notes = new ArrayList<>(tenWithCheckpoints(log));
        Checkpoint real = Checkpoint.parse(SignedNote.parse(notes.get(1)).text());
        Checkpoint forged = new Checkpoint(real.origin(), real.headSeq(), Hashes.sha256(new byte[] {8}),
                Hashes.sha256(new byte[] {7}), real.logStartSeq(), real.logStartPrev(), real.timeMicros());
        notes.add(NoteSigner.signAll(forged.noteText(), List.of(signer(log))).format());
        CheckpointReport r = log.verifyCheckpoints(notes, trusted());
        assertTrue(kinds(r).contains(Kind.FORK), r.summary());
        assertTrue(kinds(r).contains(Kind.CONTENT_MISMATCH), "the forged one does not match the log either");
    }

    @Test
    void wrongKeysBadSignaturesAndMalformedNotesAreClearResults() {
        EventLog log = logs().open().log();
        String note = tenWithCheckpoints(log).get(0);
        KeyPair other = NoteKeys.generate();
        assertEquals(List.of(Kind.UNTRUSTED), kinds(log.verifyCheckpoints(List.of(note),
                List.of(new NoteVerifier.Key(null, other.getPublic())))));
        String altered = note.replaceFirst("\n3\n", "\n4\n");
        assertEquals(List.of(Kind.BAD_SIGNATURE), kinds(log.verifyCheckpoints(List.of(altered), trusted())));
        String unknownKeyId = note.replace("\u2014 chainlog/", "\u2014 someone-else/");
        assertEquals(List.of(Kind.UNTRUSTED), kinds(log.verifyCheckpoints(List.of(unknownKeyId), trusted())));
        String signedButNotACheckpoint = NoteSigner.signAll("chainlog/" + log.logId() + "\n3\n", List.of(signer(log))).format();
        for (String bad : List.of("", "just text", note.replace("\n\n", "\n"), note.replace("\u2014", "-"),
                signedButNotACheckpoint)) {
            assertEquals(List.of(Kind.MALFORMED), kinds(log.verifyCheckpoints(List.of(bad), trusted())), bad);
        }
        EventLog another = logs().open().log();
        another.append(event(1));
        assertEquals(List.of(Kind.WRONG_LOG), kinds(another.verifyCheckpoints(List.of(note), trusted())));
    }

    @Test
    void aPrunedPrefixIsReportedAsPrunedWithItsAnchorsSignatureChecked() {
        LogFixture.Opened o = logs().open(b -> b.maxEntries(4));
        EventLog log = o.log();
        List<String> early = List.of(tenWithCheckpoints(log).get(0)); // signed at seq 3, before any cut
        log.applyRetention();
        assertEquals(7, log.logStartSeq());
        CheckpointReport before = log.verifyCheckpoints(early, trusted());
        assertEquals(List.of(Kind.PRUNED, Kind.PRUNE_NOT_ATTESTED), kinds(before),
                "seq 3 is pruned, and nothing trusted signs the cut at 7 yet");
        List<String> notes = new ArrayList<>(early);
        notes.add(log.checkpoint(List.of(signer(log))).format()); // taken after the cut: signs the prune anchor
        CheckpointReport after = log.verifyCheckpoints(notes, trusted());
        assertTrue(after.ok(), after.summary());
        assertEquals(List.of(Kind.PRUNED, Kind.MATCHES, Kind.PRUNE_ATTESTED), kinds(after));

        LogMeta meta = o.tamper().meta();
        o.tamper().putMeta(meta.withLogStart(meta.logStartSeq(), Hashes.sha256(new byte[] {9})));
        assertTrue(kinds(log.verifyCheckpoints(notes, trusted())).contains(Kind.PRUNE_NOT_ATTESTED),
                "a forged anchor is not the one the checkpoint signed");
    }

    @Test
    void aPolicySignsACheckpointEveryFiveEntriesAndHandsEachToTheListener() {
        List<SignedNote> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        NoteSigner key = new NoteSigner("audit.example/log", keys.getPrivate(), keys.getPublic());
        EventLog log = logs().open(b -> b.maxEntries(8)
                .checkpoints(new dev.chainlog.checkpoint.CheckpointPolicy(List.of(key), 5, null, heard::add))).log();
        appendN(log, 20);
        // When an append returns, the listener has heard every note signed up to its commit, in commit order.
        // Every five entries since the last checkpoint, whatever signed it (a cut signs one too).
        List<Long> seqs = heard.stream().map(n -> Checkpoint.parse(n.text()).headSeq()).toList();
        assertTrue(seqs.get(0) <= 5 && 20 - seqs.get(seqs.size() - 1) < 5, "every five entries: " + seqs);
        for (int i = 1; i < seqs.size(); i++) {
            long step = seqs.get(i) - seqs.get(i - 1);
            assertTrue(step >= 0 && step <= 5, "every five entries, in commit order: " + seqs);
        }
        NoteVerifier verifier = new NoteVerifier(List.of(key.verifierKey()));
        heard.forEach(n -> assertTrue(verifier.verify(n).ok(), n.format()));
    }

    @Test
    void aPolicyKeepsItsNewestCheckpointAndSignsEveryCut() {
        NoteSigner key = new NoteSigner("audit.example/log", keys.getPrivate(), keys.getPublic());
        List<SignedNote> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        EventLog log = logs().open(b -> b.maxEntries(8)
                .checkpoints(new dev.chainlog.checkpoint.CheckpointPolicy(List.of(key), 5, null, heard::add))).log();
        appendN(log, 20);
        List<SignedNote> stored = log.storedCheckpoints();
        assertFalse(stored.isEmpty());
        Checkpoint latest = Checkpoint.parse(stored.get(stored.size() - 1).text());
        assertTrue(latest.headSeq() > 15, "the newest one: " + latest.headSeq());
        assertEquals(log.get(latest.headSeq()).orElseThrow().hash(), Hashes.hex(latest.headHash()));
        log.applyRetention();
        List<String> notes = new ArrayList<>(heard.stream().map(SignedNote::format).toList());
        log.storedCheckpoints().forEach(n -> notes.add(n.format()));
        CheckpointReport r = log.verifyCheckpoints(notes, trusted());
        assertTrue(r.ok(), r.summary());
        assertTrue(kinds(r).contains(Kind.PRUNE_ATTESTED), "the log signed its own cut: " + r.summary());
    }

    @Test
    void keysRoundTripThroughPemFiles() {
        EventLog log = logs().open().log();
        log.append(event(1));
        Path priv = dir.resolve("log.key");
        Path pub = dir.resolve("log.pub");
        NoteKeys.write(keys, priv, pub);
        NoteSigner loaded = NoteSigner.load("chainlog/" + log.logId(), priv, pub);
        assertEquals(signer(log).keyId(), loaded.keyId());
        String note = log.checkpoint(List.of(loaded)).format();
        assertTrue(log.verifyCheckpoints(List.of(note), List.of(NoteVerifier.Key.load(null, pub))).ok());
    }
}
