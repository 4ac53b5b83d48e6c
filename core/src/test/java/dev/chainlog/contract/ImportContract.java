package dev.chainlog.contract;

import dev.chainlog.api.CheckpointReport;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.Head;
import dev.chainlog.api.ImportRefusedException;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.chain.Hashes;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.CheckpointPolicy;
import dev.chainlog.checkpoint.NoteKeys;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.NoteVerifier;
import dev.chainlog.checkpoint.SignedNote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.chainlog.contract.TestKit.appendN;
import static dev.chainlog.contract.TestKit.assertIntact;
import static dev.chainlog.contract.TestKit.event;
import static dev.chainlog.contract.TestKit.range;
import static dev.chainlog.contract.TestKit.seqs;
import static dev.chainlog.contract.TestKit.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Export and import: an export round-trips byte for byte; a damaged one is refused and nothing is stored. */
public abstract class ImportContract extends ContractBase {
    @TempDir
    Path dir;

    private Path export(EventLog log, long since) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        log.exportTo(out, since);
        Path file = Files.createTempFile(dir, "export", ".jsonl");
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void anExportImportsIntoAnEqualLog() throws IOException {
        EventLog source = logs().open().log();
        List<Entry> entries = appendN(source, 2500);
        Path file = export(source, 0);
        assertEquals(2500, Files.readAllLines(file).size());

        EventLog copy = logs().open().log();
        Head head = copy.importExport(file);
        assertEquals(source.head(), head);
        assertEquals(source.head(), copy.head());
        assertIntact(copy.verify(dev.chainlog.api.VerifyOptions.expecting(source.head())));
        assertEquals(entries.get(1234).json(), copy.get(1235).orElseThrow().json());
        assertEquals(1235, copy.findByUuid(entries.get(1234).uuid()).orElseThrow().seq());
        assertEquals(2501, copy.append(event(1)).seq());
        assertEquals(source.head().hash(), copy.get(2501).orElseThrow().prev());
    }

    @Test
    void anImportSignsCheckpointsAsItsPolicyAsksAndTheyAreHeardWhenItReturns() throws IOException {
        EventLog source = logs().open().log();
        appendN(source, 2500);
        Path file = export(source, 0);
        KeyPair keys = NoteKeys.generate();
        List<SignedNote> heard = new CopyOnWriteArrayList<>();
        EventLog copy = logs().open(b -> b.checkpoints(new CheckpointPolicy(List.of(new NoteSigner("audit.example/copy",
                keys.getPrivate(), keys.getPublic())), 1000, null, heard::add))).log();
        copy.importExport(file);

        assertFalse(heard.isEmpty(), "an import of 2,500 entries crosses the policy's 1,000 at least twice");
        List<Long> seqs = heard.stream().map(n -> Checkpoint.parse(n.text()).headSeq()).toList();
        assertTrue(seqs.get(seqs.size() - 1) >= 2000, "heard before the import returned: " + seqs);
        for (SignedNote note : heard) {
            Checkpoint cp = Checkpoint.parse(note.text());
            assertEquals(copy.get(cp.headSeq()).orElseThrow().hash(), Hashes.hex(cp.headHash()), "over a committed state");
        }
        CheckpointReport r = copy.verifyCheckpoints(heard.stream().map(SignedNote::format).toList(),
                List.of(new NoteVerifier.Key(null, keys.getPublic())));
        assertTrue(r.ok(), r.summary());
    }

    @Test
    void aPartialExportIsRefusedForItsTreeNeedsEveryEntryFromSeqOne() throws IOException {
        EventLog source = logs().open().log();
        appendN(source, 30);
        Path file = export(source, 10);
        EventLog copy = logs().open().log();
        ImportRefusedException e = assertThrows(ImportRefusedException.class, () -> copy.importExport(file));
        assertTrue(e.getMessage().contains("starts at seq 11") && e.getMessage().contains("Merkle tree"), e.getMessage());
        assertEquals(0, copy.head().seq(), "nothing was imported");
        copy.append(dev.chainlog.api.Event.of("after"));
        assertEquals(1, copy.head().seq(), "the log is usable");
    }

    @Test
    void aDamagedExportIsRefusedAndNothingIsStored() throws IOException {
        EventLog source = logs().open().log();
        appendN(source, 20);
        Path file = export(source, 0);
        String text = Files.readString(file);
        List<String> damaged = List.of(
                text.replace("\"i\":7}", "\"i\":8}"),                          // edited payload: chain breaks at 8
                text.substring(0, text.indexOf('\n') + 1) + text.substring(text.indexOf('\n', text.indexOf('\n') + 1) + 1), // line 2 removed
                text.replaceFirst("\"seq\":3,", "\"seq\":4,"),                   // wrong seq
                text + "{not json}\n",                                           // broken line at the end
                text.substring(0, text.length() - 1));                           // last line without its newline
        for (String d : damaged) {
            Path bad = Files.createTempFile(dir, "bad", ".jsonl");
            Files.writeString(bad, d, StandardCharsets.UTF_8);
            EventLog copy = logs().open().log();
            ImportRefusedException e = assertThrows(ImportRefusedException.class, () -> copy.importExport(bad));
            assertNotNull(e.getMessage());
            assertEquals(0, copy.head().seq(), "nothing stored");
            assertTrue(copy.read(0, 10).entries().isEmpty());
        }
    }

    /**
     * docs/FORMAT.md §1: import accepts each line in encoding rule 2 or in rule 1 (what chainlog wrote before), and
     * stores it as it is. The shared vector is rule 1, the canonical one rule 2.
     */
    @Test
    void theVectorsOfBothEncodingRulesImportByteForByte() throws IOException {
        for (String vector : List.of("three-entries", "canonical-entries")) {
            Path file = vector(vector + ".jsonl", dir);
            EventLog log = logs().open().log();
            Head head = log.importExport(file);
            String[] hashes = Files.readString(vector(vector + ".hashes", dir)).split("\n");
            assertEquals(new Head(3, hashes[2].split(" ")[1]), head, vector);
            assertIntact(log.verify(dev.chainlog.api.VerifyOptions.expecting(head)));
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (Entry e : log.read(0, 10).entries()) {
                assertEquals(lines.get((int) e.seq() - 1), e.json(), vector + " seq " + e.seq() + " is stored as it was");
            }
        }
    }

    /** A log written across the upgrade holds rule-1 entries and rule-2 entries: its export imports, line by line. */
    @Test
    void anExportOfALogWrittenAcrossTheUpgradeImports() throws IOException {
        EventLog older = logs().open().log();
        older.importExport(vector("three-entries.jsonl", dir));
        Entry added = older.append(Event.builder("user.login").source("auth").meta("world_id", "w1")
                .payload(Map.of("user", "ada", "ok", true)).build());
        assertTrue(added.json().endsWith("\"payload\":{\"ok\":true,\"user\":\"ada\"}}"), added.json());
        EventLog copy = logs().open().log();
        assertEquals(older.head(), copy.importExport(export(older, 0)));
        assertIntact(copy.verify());
    }

    /** A line is in one rule as a whole: rule-1 member order with a rule-2 spelling elsewhere is neither. */
    @Test
    void aLineMixingTheTwoEncodingRulesIsRefused() throws IOException {
        String zeros = "0".repeat(64);
        List<String> mixed = List.of(
                ",\"kind\":\"k\",\"uuid\":\"u1\",\"meta\":{\"b\":\"1\",\"a\":\"2\"},\"payload\":{\"e\":\"\uD83D\uDE00\"}}",
                ",\"kind\":\"k\",\"reqId\":\"a\\u001f\",\"uuid\":\"u1\",\"payload\":{\"b\":1,\"a\":2}}",
                ",\"kind\":\"k\",\"uuid\":\"u1\",\"payload\":{\"b\":1e+21,\"a\":2}}");
        for (String body : mixed) {
            Path bad = Files.writeString(Files.createTempFile(dir, "mixed", ".jsonl"), "{\"seq\":1,\"prev\":\"" + zeros
                    + "\",\"ts\":1" + body + "\n", StandardCharsets.UTF_8);
            EventLog copy = logs().open().log();
            ImportRefusedException e = assertThrows(ImportRefusedException.class, () -> copy.importExport(bad), body);
            assertTrue(e.getMessage().contains("rule 2 or in rule 1"), e.getMessage());
            assertEquals(0, copy.head().seq());
        }
    }

    /**
     * Rule 1 spelled a payload's numbers as the caller typed them (a double by Double.toString, an exact decimal as it
     * was): an old line with such numbers is what a log wrote, and imports as it is.
     */
    @Test
    void aRule1LineKeepsTheNumberSpellingsOfItsTime() throws IOException {
        com.fasterxml.jackson.databind.node.JsonNodeFactory f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        com.fasterxml.jackson.databind.node.ObjectNode caller = f.objectNode();
        caller.set("x", f.numberNode(100.0));
        caller.set("y", f.numberNode(1.5e10));
        caller.set("z", f.numberNode(1.0e-5));
        caller.set("d", com.fasterxml.jackson.databind.node.DecimalNode.valueOf(new java.math.BigDecimal("2.50")));
        String payload = new String(dev.chainlog.chain.Json.MAPPER.writeValueAsBytes(caller), StandardCharsets.UTF_8);
        assertEquals("{\"x\":100.0,\"y\":1.5E10,\"z\":1.0E-5,\"d\":2.50}", payload, "how rule 1 wrote them");
        String line = "{\"seq\":1,\"prev\":\"" + "0".repeat(64) + "\",\"ts\":1764043200001000,\"kind\":\"k\","
                + "\"uuid\":\"u-1\",\"payload\":" + payload + "}";
        Path file = Files.writeString(dir.resolve("rule1-numbers.jsonl"), line + "\n");
        EventLog copy = logs().open().log();
        copy.importExport(file);
        assertEquals(line, copy.get(1).orElseThrow().json(), "stored byte for byte");

        Path spaced = Files.writeString(dir.resolve("spaced.jsonl"), line.replace("\"x\":100.0", "\"x\": 100.0") + "\n");
        assertThrows(ImportRefusedException.class, () -> logs().open().log().importExport(spaced),
                "whitespace is not a spelling chainlog ever wrote");
    }

    @Test
    void anImportCanKeepTheIdOfTheLogItWasExportedFrom() throws IOException {
        EventLog source = logs().open().log();
        appendN(source, 5);
        Path file = export(source, 0);
        EventLog copy = logs().open().log();
        String ownId = copy.logId();
        assertThrows(IllegalArgumentException.class, () -> copy.importExport(file, "not a uuid"));
        assertEquals(0, copy.head().seq(), "a bad id stores nothing");
        copy.importExport(file, source.logId());
        assertEquals(source.logId(), copy.logId());
        assertTrue(!ownId.equals(copy.logId()));
        java.security.KeyPair keys = dev.chainlog.checkpoint.NoteKeys.generate();
        dev.chainlog.checkpoint.NoteSigner signer = new dev.chainlog.checkpoint.NoteSigner("auditor", keys.getPrivate(),
                keys.getPublic());
        String note = source.checkpoint(List.of(signer)).format();
        assertTrue(copy.verifyCheckpoints(List.of(note), List.of(signer.verifierKey())).ok(),
                "a checkpoint of the original verifies against the restored log");

        EventLog fresh = logs().open().log();
        fresh.importExport(file);
        assertTrue(!fresh.verifyCheckpoints(List.of(note), List.of(signer.verifierKey())).ok(),
                "without the id the import is another log");
    }

    @Test
    void importGoesOnlyIntoANewLog() throws IOException {
        EventLog source = logs().open().log();
        appendN(source, 3);
        Path file = export(source, 0);
        EventLog used = logs().open().log();
        appendN(used, 1);
        assertThrows(ImportRefusedException.class, () -> used.importExport(file));
        assertEquals(1, used.head().seq());
    }
}
