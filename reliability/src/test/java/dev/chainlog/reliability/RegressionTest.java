package dev.chainlog.reliability;

import dev.chainlog.contract.TestKit;
import dev.chainlog.rocksdb.testing.RawRocks;

import dev.chainlog.api.Durability;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.api.StorageException;
import dev.chainlog.cli.ChainlogCli;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One test per failure the reliability suite found in core, storage-rocksdb or cli. A test whose bug is not fixed
 * yet is {@code @Disabled} with the bug in one line (the build must stay green; {@link KnownBugs} lists them);
 * once fixed, the test runs and keeps it fixed. Run the disabled ones with
 * {@code mvn -B -pl reliability verify -Dtest=RegressionTest -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition}.
 */
@Tag("reliability")
class RegressionTest {
    @TempDir
    Path tmp;

    /**
     * Found by the crash loop (NONE, a kill during a retention cut): {@code SpaceReclaimer} runs
     * {@code deleteFilesInRanges} below a cut that is still only in the memtables (NONE has no WAL; in WAL mode the
     * same holds for a power loss before the WAL is synced). The file deletion is durable at once (a MANIFEST
     * edit); the cut is not. A kill in between leaves a log whose stored logStartSeq and head are from before the
     * cut but whose entries below the cut are gone: verify reports a SEQUENCE_GAP, reads and {@code stats()} throw
     * "entry 1 is missing from storage". The kill is aimed at the reclaim that follows a {@code clear()} of a log with
     * large unflushed memtables (the flush inside {@code compactRange} then takes long enough to be hit).
     */
    @Test
    void aKillRightAfterARetentionCutNeverLeavesEntriesMissingBelowTheStoredStart() throws Exception {
        List<String> damaged = new ArrayList<>();
        for (int delay : new int[] {0, 20}) {
            Path dir = tmp.resolve("log-" + delay);
            try (Child child = Child.start(FaultChild.class, tmp.resolve("scratch-" + delay), List.of("-Xmx512m"),
                    "clear-after-unflushed", dir.toString())) {
                String line;
                while ((line = child.poll(300_000)) != null && !line.startsWith("CLEARED")) {
                    assertFalse(line.equals(Child.EOF), () -> "the child died: " + child.stderr());
                }
                assertNotNull(line, "the child never cleared the log");
                Thread.sleep(delay);
                child.kill();
            }
            try (EventLog log = EventLogs.open(Logs.config(dir, Durability.NONE))) {
                IntegrityReport r = log.verify();
                if (!r.ok()) {
                    damaged.add("kill " + delay + " ms after clear(): " + r.summary());
                    continue;
                }
                Logs.assertRetainedRange(log, "kill " + delay + " ms after clear()");
            }
        }
        assertTrue(damaged.isEmpty(), () -> String.join("\n", damaged));
    }

    /**
     * Issue 17: the space of a cut is given back in any process. A writer that cut (and gives no space back by
     * itself) is killed with SIGKILL; the next process that opens the log for writing gives the space back in the
     * background, and the log is whole.
     */
    @Test
    void aCutKilledBeforeItsSpaceCameBackIsReclaimedByTheNextWriter() throws Exception {
        Path dir = tmp.resolve("log");
        long start;
        try (Child child = Child.start(FaultChild.class, tmp.resolve("scratch"), List.of("-Xmx512m"), "cut-then-wait",
                dir.toString())) {
            String line;
            while ((line = child.poll(300_000)) != null && !line.startsWith("CUT")) {
                assertFalse(line.equals(Child.EOF), () -> "the child died: " + child.stderr());
            }
            assertNotNull(line, "the child never cut the log");
            start = Long.parseLong(line.split(" ")[1]);
            child.kill();
        }
        long before = Logs.folderBytes(dir);
        try (EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL))) {
            assertEquals(start, log.logStartSeq());
            long deadline = System.nanoTime() + 120_000_000_000L;
            long size = Logs.folderBytes(dir);
            while (size >= before / 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                size = Logs.folderBytes(dir);
            }
            assertTrue(size < before / 3, "the folder was " + before + " bytes after the kill and is " + size
                    + " bytes two minutes into the next writer");
            assertTrue(log.findByUuid("u-1").isEmpty());
            assertEquals(start, log.findByUuid("u-" + start).orElseThrow().seq());
            assertEquals(30_001 - start, log.stats().count());
            assertTrue(log.verify().ok(), () -> log.verify().summary());
        }
    }

    /**
     * Found with the log the crash loop left damaged: {@code chainlog verify} on a log whose first retained entry
     * is missing exits 3 with "entry 1 is missing from storage; run verify" instead of printing the report (exit
     * 1). {@code VerifyCommand.call()} calls {@code log.stats()} for its progress bar, and {@code stats()} reads the
     * first retained entry's ts.
     */
    @Test
    void cliVerifyReportsAMissingFirstEntryInsteadOfFailing() throws Exception {
        Path dir = tmp.resolve("log");
        try (EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL))) {
            for (int i = 0; i < 10; i++) {
                log.append(Event.of("k"));
            }
        }
        try (RawRocks raw = new RawRocks(dir)) {
            raw.deleteSeq(1);
        }
        try (EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL))) {
            IntegrityReport r = log.verify(); // the library reports it
            assertFalse(r.ok());
            assertEquals(1, r.firstBadSeq().orElse(-1));
            assertTrue(r.problems().stream().anyMatch(p -> p.kind() == ProblemKind.SEQUENCE_GAP), r.summary());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ChainlogCli.run(new String[] {"verify", "--log", dir.toString()}, new PrintWriter(out),
                new PrintWriter(err));
        assertEquals(ChainlogCli.VERIFY_FAILED, code, () -> "stdout: " + out + "\nstderr: " + err);
        assertTrue(out.toString().contains("SEQUENCE_GAP"), out::toString);
    }

    /**
     * Found by fault injection: the folder of a running log is deleted (an operator's {@code rm -rf}, a cleanup job).
     * The open files live on unlinked, so every append is still acknowledged — in SYNC mode too (fsync of an
     * unlinked file succeeds) — {@code verify()} says OK, and {@code close()} only logs a warning: everything is
     * gone, silently. Expected: appends fail with a StorageException saying the folder is gone, soon after the
     * deletion (here: within 3 s of appending, 30 WAL sync intervals), none succeeds after the first failure, and
     * close() reports the failure.
     */
    @ParameterizedTest
    @EnumSource(Durability.class)
    void appendsFailClearlyOnceTheFolderIsDeletedUnderARunningLog(Durability mode) throws Exception {
        Path dir = tmp.resolve("log");
        EventLog log = EventLogs.open(Logs.config(dir, mode));
        int ackedAfter = 0;
        StorageException failure = null;
        try {
            for (int i = 0; i < 100; i++) {
                log.append(Event.of("before"));
            }
            TestKit.deleteTree(dir);
            long until = System.nanoTime() + 3_000_000_000L;
            int afterFailure = 0;
            while (System.nanoTime() < until && afterFailure < 50) {
                if (failure != null) {
                    afterFailure++;
                }
                try {
                    log.append(Event.of("after.delete", java.util.Map.of("pad", "d".repeat(300))));
                    if (failure != null) {
                        fail(mode + ": an append succeeded after an earlier one failed: " + failure);
                    }
                    ackedAfter++;
                } catch (StorageException e) {
                    failure = e;
                }
                Thread.sleep(1);
            }
        } finally {
            try {
                log.close();
            } catch (RuntimeException e) {
                // reporting the failure on close is welcome
            }
        }
        Figures.inc("faults.injected: folder deleted under a running log");
        String acked = ackedAfter + " appends acknowledged after the folder was deleted";
        assertNotNull(failure, mode + ": " + acked + " (all lost), no error");
        assertTrue(failure.getMessage().contains(dir.getFileName().toString()), failure.getMessage());
    }

    /**
     * Found by fault injection (disk full, NONE): the final flush in {@code close()} fails, RocksLogStore logs a
     * WARN and close() returns normally, although every entry acknowledged since the last flush is lost (tens of
     * thousands here). Expected: close() throws a StorageException saying the newest entries could not be written.
     */
    @Test
    void noneModeCloseThatCannotFlushThrows() throws Exception {
        Path mnt = java.nio.file.Files.createDirectories(tmp.resolve("mnt"));
        Os.Result mount = Os.mountTmpfs(mnt, "8m");
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.ok(), "needs a small tmpfs (root): " + mount.output());
        try {
            Path dir = mnt.resolve("log");
            long acked = 0;
            String close = null;
            try (Child child = Child.start(FaultChild.class, tmp.resolve("scratch"), List.of("-Xmx256m"), "fill",
                    dir.toString(), "NONE")) {
                String line;
                while ((line = child.poll(300_000)) != null && !line.equals(Child.EOF)) {
                    if (line.startsWith("ACK ")) {
                        acked++;
                    } else if (line.startsWith("CLOSED") || line.startsWith("CLOSE_FAIL")) {
                        close = line;
                    }
                }
            }
            assertTrue(Os.resizeTmpfs(mnt, "128m").ok());
            long head;
            try (EventLog log = EventLogs.open(Logs.config(dir, Durability.NONE))) {
                head = log.head().seq();
            }
            if (head < acked) {
                assertNotNull(close);
                String c = close;
                long lost = acked - head;
                assertTrue(c.startsWith("CLOSE_FAIL dev.chainlog.api.StorageException"), () -> lost
                        + " acknowledged entries were lost but close() said nothing: " + c);
            }
        } finally {
            Os.unmount(mnt);
        }
    }

    /**
     * Found by the API fuzzer: append accepts payloads and meta that the reader cannot decode, because Jackson's
     * default read limits (StreamReadConstraints: numbers of at most 1,000 digits, names of at most 50,000 chars,
     * strings of at most 20,000,000 chars) apply when an entry is decoded but not when a Map/POJO/JsonNode payload
     * or meta is encoded. The entry is stored and hashed, verify() says OK, but {@code kind()}, {@code payload()},
     * {@code meta()} throw MalformedValueException, and an export of the log is refused by import (UNREADABLE_VALUE).
     */
    @Test
    void anAcceptedEntryAlwaysReadsBack() throws Exception {
        Path dir = tmp.resolve("log");
        List<java.util.function.Supplier<Event>> events = List.of(
                () -> Event.builder("number").payload(java.util.Map.of("n", new java.math.BigInteger("9".repeat(1001)))).build(),
                () -> Event.builder("payload.key").payload(java.util.Map.of("k".repeat(50_001), 1)).build(),
                () -> Event.builder("meta.key").meta("m".repeat(50_001), "v").build());
        try (EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL))) {
            for (java.util.function.Supplier<Event> make : events) {
                long head = log.head().seq();
                dev.chainlog.api.Entry stored;
                Event e;
                try {
                    e = make.get();
                    stored = log.append(e);
                } catch (dev.chainlog.api.InvalidEventException refused) {
                    assertEquals(head, log.head().seq());
                    continue; // refused at append: the fix
                }
                dev.chainlog.api.Entry read = log.get(stored.seq()).orElseThrow();
                assertEquals(e.kind(), read.kind(), "the entry decodes");
                read.payload();
                read.meta();
            }
            Path export = tmp.resolve("export.jsonl");
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(export)) {
                log.exportTo(out, 0);
            }
            if (log.head().seq() > 0) {
                try (EventLog copy = EventLogs.open(Logs.config(tmp.resolve("copy"), Durability.WAL))) {
                    assertEquals(log.head(), copy.importExport(export), "the export imports");
                }
            }
        }
    }

    /**
     * Found by the API fuzzer: a payload Map that contains itself, or nests ~6,000 deep, makes
     * {@code Event.Builder.payload(Object)} throw StackOverflowError (from Jackson's valueToTree) instead of an
     * InvalidEventException. (JSON text is fine: the parser's nesting limit turns it into InvalidEventException.)
     */
    @Test
    void aSelfReferencingPayloadIsRefusedWithAnInvalidEventException() {
        java.util.Map<String, Object> self = new java.util.HashMap<>();
        self.put("self", self);
        org.junit.jupiter.api.Assertions.assertThrows(dev.chainlog.api.InvalidEventException.class,
                () -> Event.builder("k").payload(self).build());
        org.junit.jupiter.api.Assertions.assertThrows(dev.chainlog.api.InvalidEventException.class,
                () -> Event.builder("k").payload(Gen.nested(6000, false)).build());
    }

    /**
     * Found by the API fuzzer: meta is neither counted in {@code maxPayloadBytes} nor bounded, so an event with a
     * 1.2 MB meta value (and an empty payload) is accepted under the default 1 MiB limit; its export line is longer
     * than import accepts ({@code maxPayloadBytes + 64 KiB}), so the log's own export cannot be imported.
     */
    @Test
    void metaCountsAgainstTheSizeLimit() throws Exception {
        Path dir = tmp.resolve("log");
        try (EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL))) {
            log.append(Event.of("small"));
            try {
                log.append(Event.builder("big.meta").meta("m", "m".repeat(1_200_000)).build());
            } catch (dev.chainlog.api.InvalidEventException refused) {
                return; // refusing it is the fix
            }
            Path export = tmp.resolve("export.jsonl");
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(export)) {
                log.exportTo(out, 0);
            }
            try (EventLog copy = EventLogs.open(Logs.config(tmp.resolve("copy"), Durability.WAL))) {
                assertEquals(log.head(), copy.importExport(export), "the log's own export imports");
            }
        }
    }

    /** One-line export bodies after {@code "ts":T}, chained from seq {@code first} on. */
    private static byte[] export(long first, String firstPrev, String... bodies) {
        StringBuilder out = new StringBuilder();
        String prev = firstPrev;
        long seq = first;
        for (String b : bodies) {
            String line = "{\"seq\":" + seq + ",\"prev\":\"" + prev + "\",\"ts\":1000" + b;
            out.append(line).append('\n');
            prev = dev.chainlog.chain.Hashes.hex(dev.chainlog.chain.Hashes.sha256(
                    line.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            seq++;
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private void assertImportRefused(String name, byte[] file) throws Exception {
        Path f = tmp.resolve(name.replaceAll("\\W", "_") + ".jsonl");
        java.nio.file.Files.write(f, file);
        try (EventLog log = EventLogs.open(dev.chainlog.api.EventLogConfig.memory())) {
            try {
                dev.chainlog.api.Head h = log.importExport(f);
                throw new AssertionError(name + ": imported (head " + h + "), must be refused");
            } catch (dev.chainlog.api.ImportRefusedException expected) {
                assertEquals(0, log.head().seq(), name);
            }
        }
    }

    /**
     * Found by the import fuzzer: import accepts stored values that chainlog never writes — fields out of the
     * order of FORMAT.md §1, whitespace between tokens, an empty {@code "meta":{}} (chainlog omits it) — although
     * FORMAT.md says "Fields appear in exactly the order of the table, without whitespace. Optional fields are
     * omitted" and that readers may rely on it. The chain still verifies (hashes are over the bytes), but the log
     * then holds values other version-1 readers may misparse.
     */
    @Test
    void importRefusesValuesThatAreNotInCanonicalForm() throws Exception {
        String zeros = "0".repeat(64);
        assertImportRefused("reordered", export(1, zeros, ",\"uuid\":\"u1\",\"kind\":\"k\",\"payload\":{}}"));
        assertImportRefused("payload first", export(1, zeros, ",\"payload\":{},\"kind\":\"k\",\"uuid\":\"u1\"}"));
        assertImportRefused("whitespace", export(1, zeros, ", \"kind\" : \"k\",\"uuid\":\"u1\",\"payload\":{ }}"));
        assertImportRefused("empty meta", export(1, zeros, ",\"kind\":\"k\",\"uuid\":\"u1\",\"meta\":{},\"payload\":{}}"));
    }

    /**
     * Found by the import fuzzer: import does not apply the rules append enforces (TextRules, Event.MAX_PAYLOAD_DEPTH):
     * a blank or 1,000-char kind, NUL in kind or request id (NUL separates index key parts), an unpaired surrogate,
     * an empty uuid, a payload nested 300 levels — all imported.
     */
    @Test
    void importAppliesTheAppendRulesToEveryField() throws Exception {
        String zeros = "0".repeat(64);
        assertImportRefused("blank kind", export(1, zeros, ",\"kind\":\" \",\"uuid\":\"u1\",\"payload\":{}}"));
        assertImportRefused("long kind", export(1, zeros, ",\"kind\":\"" + "k".repeat(1000) + "\",\"uuid\":\"u1\",\"payload\":{}}"));
        assertImportRefused("NUL kind", export(1, zeros, ",\"kind\":\"k\\u0000\",\"uuid\":\"u1\",\"payload\":{}}"));
        assertImportRefused("NUL reqId", export(1, zeros, ",\"kind\":\"k\",\"reqId\":\"a\\u0000\",\"uuid\":\"u1\",\"payload\":{}}"));
        assertImportRefused("lone surrogate", export(1, zeros, ",\"kind\":\"\\ud800\",\"uuid\":\"u1\",\"payload\":{}}"));
        assertImportRefused("empty uuid", export(1, zeros, ",\"kind\":\"k\",\"uuid\":\"\",\"payload\":{}}"));
        assertImportRefused("deep payload", export(1, zeros, ",\"kind\":\"k\",\"uuid\":\"u1\",\"payload\":{\"a\":"
                + "[".repeat(300) + "]".repeat(300) + "}}"));
    }

    /**
     * Found by the import fuzzer: seqs at the end of the long range. An export whose last seq is
     * {@code Long.MAX_VALUE} is refused with an IllegalArgumentException ("inconsistent meta", not an
     * ImportRefusedException; the CLI maps it to exit 2, "usage"); one that ends a few seqs below imports, and the
     * append that would reach {@code Long.MAX_VALUE} kills the log's writer with the same IllegalArgumentException
     * ("the log refuses further appends until reopened").
     */
    @Test
    void theEndOfTheSeqSpaceIsRefusedClearly() throws Exception {
        String any = "ab".repeat(32);
        assertImportRefused("last seq Long.MAX_VALUE", export(Long.MAX_VALUE, any,
                ",\"kind\":\"k\",\"uuid\":\"u1\",\"payload\":{}}"));
        Path f = tmp.resolve("near-end.jsonl");
        java.nio.file.Files.write(f, export(Long.MAX_VALUE - 3, any, ",\"kind\":\"k\",\"uuid\":\"u1\",\"payload\":{}}"));
        try (EventLog log = EventLogs.open(Logs.config(tmp.resolve("log"), Durability.WAL))) {
            try {
                log.importExport(f);
            } catch (dev.chainlog.api.ImportRefusedException refused) {
                return; // refusing a file that leaves no room is a fix too
            }
            for (int i = 0; i < 4; i++) {
                long head = log.head().seq();
                try {
                    long seq = log.append(Event.of("k")).seq();
                    assertEquals(head + 1, seq);
                    assertTrue(seq > 0);
                } catch (dev.chainlog.api.InvalidEventException | dev.chainlog.api.StorageException e) {
                    assertFalse(e.getMessage().contains("writer failed"), "a clear refusal, not a dead writer: " + e);
                    assertEquals(head, log.head().seq());
                }
            }
        }
    }

    private static int cliWithStdin(byte[] stdin, StringWriter out, StringWriter err, String... args) {
        java.io.InputStream saved = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(stdin));
            return ChainlogCli.run(args, new PrintWriter(out), new PrintWriter(err));
        } finally {
            System.setIn(saved);
        }
    }

    /**
     * Found by the CLI fuzzer: {@code chainlog append} decodes stdin with a lenient UTF-8 reader, so a line with
     * invalid UTF-8 (here a lone 0xC3 byte) is stored with U+FFFD in its place and acknowledged (exit 0) instead of
     * being refused as bad input (exit 2, nothing stored).
     */
    @Test
    void cliAppendRefusesInvalidUtf8() throws Exception {
        Path dir = tmp.resolve("log");
        byte[] line = {'{', '"', 'k', 'i', 'n', 'd', '"', ':', '"', 'a', (byte) 0xC3, '"', '}', '\n'};
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = cliWithStdin(line, out, err, "append", "--log", dir.toString());
        assertEquals(ChainlogCli.USAGE, code, () -> "stdout " + out + " stderr " + err);
        assertTrue(err.toString().contains("line 1"), err::toString);
        try (EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL))) {
            assertEquals(0, log.head().seq(), "nothing stored");
        }
    }

    /**
     * Found by the CLI fuzzer, two ways a bad stdin line is not named: (1) a request id that breaks the rules
     * (unpaired surrogate, NUL, blank, over 256 chars) fails in {@code new AppendRequest(..)}, outside the code that
     * prefixes "line N", so the error has no line number; (2) with {@code --batch}, an event refused when its batch
     * is submitted (payload over maxPayloadBytes) is reported as the batch's first line.
     */
    @Test
    void cliAppendNamesTheLineOfABadRequestId() throws Exception {
        Path dir = tmp.resolve("log");
        byte[] badReqId = "{\"kind\":\"ok\"}\n{\"kind\":\"a\",\"reqId\":\"\\udc00\"}\n".getBytes(StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(ChainlogCli.USAGE, cliWithStdin(badReqId, out, err, "append", "--log", dir.toString()));
        assertTrue(err.toString().startsWith("chainlog: line 2: "), err::toString);

        byte[] oversized = ("{\"kind\":\"ok\"}\n{\"kind\":\"a\",\"payload\":{\"s\":\"" + "p".repeat(1 << 20) + "\"}}\n")
                .getBytes(StandardCharsets.UTF_8);
        StringWriter out2 = new StringWriter();
        StringWriter err2 = new StringWriter();
        assertEquals(ChainlogCli.USAGE, cliWithStdin(oversized, out2, err2, "append", "--log", dir.toString(), "--batch", "2"));
        assertTrue(err2.toString().startsWith("chainlog: line 2: "), err2::toString);
    }

    /**
     * Found by the concurrency test (read-only second process): a page can claim a logStartSeq below its first
     * entry, with the entries between missing and {@code cursorExpired()} false — a silent skip. {@code read()} takes
     * the watermark's meta (logStartSeq S), then scans the store; in a read-only log, {@code refresh()} catches the
     * store up with the writer ({@code tryCatchUpWithPrimary}) before it publishes the new meta, so a scan in between
     * sees the writer's cut (entries below S' &gt; S gone) while the page still says S. (The writer has the same window
     * between {@code store.commit} of a cut and {@code watermark.publish}, much narrower.) Here one thread refreshes
     * a read-only log in a loop while another reads pages after the start, and the writer cuts every few appends.
     */
    @Test
    void aPageNeverStartsAfterTheLogStartItReports() throws Exception {
        Path dir = tmp.resolve("log");
        dev.chainlog.api.EventLogConfig config = dev.chainlog.api.EventLogConfig.builder().path(dir)
                .durability(Durability.WAL).maxEntries(200).retentionInterval(java.time.Duration.ofMillis(1)).build();
        java.util.concurrent.atomic.AtomicBoolean run = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.List<String> gaps = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (EventLog writer = EventLogs.open(config)) {
            for (int i = 0; i < 300; i++) {
                writer.append(Event.of("k"));
            }
            try (EventLog reader = openReadOnlyRetrying(dir)) {
                Thread w = new Thread(() -> {
                    while (run.get()) {
                        for (int i = 0; i < 20; i++) {
                            writer.append(Event.of("k"));
                        }
                        writer.applyRetention();
                    }
                });
                Thread refresher = new Thread(() -> {
                    while (run.get()) {
                        reader.refresh();
                    }
                });
                w.start();
                refresher.start();
                long until = System.nanoTime() + 3_000_000_000L; // a bound on the work, not an assertion on time
                for (int i = 0; i < 200_000 && gaps.isEmpty() && System.nanoTime() < until; i++) {
                    long since = Math.max(0, reader.logStartSeq() - 1);
                    dev.chainlog.api.Page p = reader.read(since, 50);
                    if (!p.entries().isEmpty() && p.entries().get(0).seq() > Math.max(since + 1, p.logStartSeq())) {
                        gaps.add("page after " + since + " says logStartSeq " + p.logStartSeq() + " but begins at "
                                + p.entries().get(0).seq() + " (cursorExpired " + p.cursorExpired() + ")");
                    }
                }
                run.set(false);
                w.join();
                refresher.join();
            }
        }
        assertTrue(gaps.isEmpty(), gaps::toString);
    }

    /**
     * Found by the concurrency test (read-only second process): one scan of a read-only log (a RocksDB secondary
     * instance) can skip entries in the middle — a page with a hole ("entries 86401..87000 missing from one page", a
     * whole memtable's worth) or a verify that reports a false SEQUENCE_GAP — when the writer flushes its memtables
     * (a backup, a close, the space reclaimer after a cut) and the reader catches up. The refresh lock added in
     * aeac97c (no refresh while a scan runs) made it rarer but it still happens: after some catch-ups the secondary's
     * state itself lacks the flushed memtable's entries until a later catch-up. Here the writer appends and takes a
     * backup (a flush) in a loop, one thread refreshes, and the reader scans the whole log.
     */
    @Test
    void aReadOnlyScanNeverSkipsEntriesWhenTheWriterFlushes() throws Exception {
        Path dir = tmp.resolve("log");
        java.util.concurrent.atomic.AtomicBoolean run = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.List<String> problems = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (EventLog writer = EventLogs.open(Logs.config(dir, Durability.WAL))) {
            for (int i = 0; i < 2_000; i++) {
                writer.append(Event.of("k"));
            }
            try (EventLog reader = EventLogs.openReadOnly(dev.chainlog.api.EventLogConfig.builder().path(dir).build())) {
                Thread w = new Thread(() -> {
                    for (int n = 0; run.get(); n++) {
                        for (int i = 0; i < 200; i++) {
                            writer.append(Event.of("k"));
                        }
                        writer.backup(tmp.resolve("backup-" + n)); // flushes the memtables
                        TestKit.deleteTree(tmp.resolve("backup-" + n));
                    }
                });
                Thread refresher = new Thread(() -> {
                    while (run.get()) {
                        reader.refresh();
                    }
                });
                w.start();
                refresher.start();
                long until = System.nanoTime() + 30_000_000_000L; // a bound on the work, not an assertion on time
                for (int i = 0; i < 20_000 && problems.isEmpty() && System.nanoTime() < until; i++) {
                    java.util.List<dev.chainlog.api.Entry> es = reader.read(0, Integer.MAX_VALUE).entries();
                    for (int j = 1; j < es.size(); j++) {
                        if (es.get(j).seq() != es.get(j - 1).seq() + 1) {
                            problems.add("scan " + i + ": entries " + (es.get(j - 1).seq() + 1) + ".."
                                    + (es.get(j).seq() - 1) + " missing from one page");
                            break;
                        }
                    }
                    if (i % 20 == 0) {
                        IntegrityReport r = reader.verify();
                        if (!r.ok()) {
                            problems.add("verify " + i + ": " + r.summary());
                        }
                    }
                }
                run.set(false);
                w.join();
                refresher.join();
            }
        }
        assertTrue(problems.isEmpty(), problems::toString);
    }

    /**
     * Found by the resource-hygiene test: every close flushes each column family's memtable into a new level-0 table
     * file, and the compactions RocksDB starts while a short-lived log is open are abandoned when it closes, so a log
     * opened and closed often (every {@code chainlog append} does that) accumulates table files — measured: 55, 585,
     * 1,333 files after 30, 400, 1,000 cycles of open/append/close. With {@code max_open_files = -1} every open opens
     * all of them: 1,367 descriptors after 1,000 cycles, and open time grows with them; under the common
     * {@code ulimit -n 1024} such a log stops opening ("Too many open files") after about 700 cycles. Fixed: close
     * waits (boundedly) for the level-0 compactions its flush started (StoreShutdown.settleLevel0), then merges
     * small tables (SmallTableMerger).
     */
    @Test
    void aLogOpenedAndClosedManyTimesKeepsFewTableFiles() throws Exception {
        Path dir = tmp.resolve("log");
        for (int i = 0; i < 300; i++) {
            try (EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL))) {
                log.append(Event.builder("cycle").source("s").build(), "req-" + i);
            }
        }
        long files = HygieneChild.tableFiles(dir);
        assertTrue(files <= 100, files + " table files after 300 open/close cycles of a log of 300 entries");
    }

    /**
     * Found by the CLI fuzzer after the UTF-8 fix (aeac97c): invalid UTF-8 was refused, but detected when the reader
     * filled its 8 KiB buffer, so the error named the first line of that buffer ("line 1 (or the lines buffered with
     * it) is not valid UTF-8") and the valid lines before the bad one were not stored, unlike every other bad line.
     * Fixed in 2eb6a35 (stdin split into byte lines, each decoded strictly).
     */
    @Test
    void cliAppendNamesTheInvalidUtf8LineAndKeepsTheLinesBeforeIt() throws Exception {
        Path dir = tmp.resolve("log");
        java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
        in.writeBytes("{\"kind\":\"ok\"}\n{\"kind\":\"ok\"}\n".getBytes(StandardCharsets.UTF_8));
        in.writeBytes(new byte[] {'{', '"', 'k', 'i', 'n', 'd', '"', ':', '"', 'a', (byte) 0xC3, '"', '}', '\n'});
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(ChainlogCli.USAGE, cliWithStdin(in.toByteArray(), out, err, "append", "--log", dir.toString()));
        assertTrue(err.toString().startsWith("chainlog: line 3"), err::toString);
        try (EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL))) {
            assertEquals(2, log.head().seq(), "the two lines before the bad one are stored, as for any other bad line");
        }
    }

    /** openReadOnly, retried: a read-only open beside a flushing writer can fail (see the test below). */
    private static EventLog openReadOnlyRetrying(Path dir) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return EventLogs.openReadOnly(dev.chainlog.api.EventLogConfig.builder().path(dir).build());
            } catch (dev.chainlog.api.CorruptLogException e) {
                if (attempt == 10) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * Found by the regression test of read-only pages: {@code openReadOnly} right after the writer's first retention
     * cut can fail with "there is no chainlog log here yet (no meta)": the cut's space reclaim flushes the memtables
     * (since f800250) and drops table files; a secondary instance that opens meanwhile reads a MANIFEST from before
     * the flush while the WAL that held the data is already gone. Same family as
     * {@link #aReadOnlyScanNeverSkipsEntriesWhenTheWriterFlushes}.
     */
    @Test
    void aReadOnlyOpenBesideAFlushingWriterAlwaysSeesTheLog() throws Exception {
        java.util.List<String> problems = new java.util.ArrayList<>();
        for (int i = 0; i < 60 && problems.isEmpty(); i++) {
            Path dir = tmp.resolve("log-" + i);
            dev.chainlog.api.EventLogConfig config = dev.chainlog.api.EventLogConfig.builder().path(dir)
                    .durability(Durability.WAL).maxEntries(200).retentionInterval(java.time.Duration.ofMillis(1)).build();
            try (EventLog writer = EventLogs.open(config)) {
                for (int k = 0; k < 300; k++) {
                    writer.append(Event.of("k"));
                }
                try (EventLog reader = EventLogs.openReadOnly(dev.chainlog.api.EventLogConfig.builder().path(dir).build())) {
                    if (reader.head().seq() < 1) {
                        problems.add("attempt " + i + ": head " + reader.head());
                    }
                } catch (RuntimeException e) {
                    problems.add("attempt " + i + ": " + e);
                }
            }
            TestKit.deleteTree(dir);
        }
        assertTrue(problems.isEmpty(), problems::toString);
    }

    /**
     * Found by the concurrency test (in the writer's process): a tail delivers entries that retention has already
     * hidden. {@code TailSubscription} reads a page of up to 256 entries into a buffer and hands them out one by one
     * without checking the visible log start again, so after a cut it delivers entries below {@code logStartSeq}
     * instead of throwing CursorExpiredException ("if retention removed entries this tail had not delivered yet").
     */
    @Test
    void aTailNeverDeliversAnEntryBelowTheLogStart() throws Exception {
        Path dir = tmp.resolve("log");
        dev.chainlog.api.EventLogConfig config = dev.chainlog.api.EventLogConfig.builder().path(dir)
                .durability(Durability.WAL).maxEntries(100).build();
        try (EventLog log = EventLogs.open(config)) {
            for (int i = 0; i < 50; i++) {
                log.append(Event.of("k"));
            }
            try (dev.chainlog.api.LogTail tail = log.subscribe(0)) {
                assertEquals(1, tail.poll(java.time.Duration.ofSeconds(5)).seq()); // buffers seqs 1..50
                for (int i = 0; i < 300; i++) {
                    log.append(Event.of("k"));
                }
                long start = log.logStartSeq();
                assertTrue(start > 50, "retention hid the first 50 (start " + start + ")");
                // Entries 2 .. start-1 were never delivered: neither delivering them nor skipping them is right.
                dev.chainlog.api.CursorExpiredException e = org.junit.jupiter.api.Assertions.assertThrows(
                        dev.chainlog.api.CursorExpiredException.class, () -> tail.poll(java.time.Duration.ofSeconds(5)));
                assertEquals(1, e.sinceSeq());
                assertEquals(start, e.logStartSeq());
            }
        }
    }
}
