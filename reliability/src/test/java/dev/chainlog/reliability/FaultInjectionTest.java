package dev.chainlog.reliability;

import dev.chainlog.contract.TestKit;
import dev.chainlog.rocksdb.testing.RawRocks;

import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.Page;
import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.api.StorageException;
import dev.chainlog.api.VerifyOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rocksdb.LiveFileMetaData;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Faults from below: a full disk, an unwritable folder, damaged or missing files. Each must end in a clear error
 * (an exception saying what happened, never a silent loss), a log that reopens to a verified prefix, and where data
 * cannot be recovered, a precise report (verify against the head pinned before the fault names the lost range) and
 * the documented salvage path. A folder deleted under a running log is in {@link RegressionTest} (it is a bug today).
 *
 * <p>Mechanisms (this machine runs the suite as root): a size-limited tmpfs for "disk full" (falls back to a child
 * JVM under {@code ulimit -f} where mounting is not allowed), {@code chattr +i} for "unwritable" (root ignores
 * permission bits; skipped with an assumption where chattr does not work).
 */
@Tag("reliability")
class FaultInjectionTest {
    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ disk full

    /**
     * A child JVM fills the log's filesystem (a tmpfs of 8 MiB) until an append fails. The failure must be a
     * chainlog exception that says the disk is full, the child must not crash, and after the filesystem grows every
     * acknowledged entry is there (SYNC/WAL; NONE: a verified prefix), verify is OK and numbering continues.
     */
    @ParameterizedTest
    @EnumSource(Durability.class)
    void diskFull(Durability mode) throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Os.Result mount = Boolean.getBoolean("chainlog.reliability.noMount")
                ? new Os.Result(-1, "not tried (-Dchainlog.reliability.noMount=true)") : Os.mountTmpfs(mnt, "8m");
        List<String> wrapper = List.of();
        String mechanism;
        if (mount.ok()) {
            mechanism = "tmpfs of 8 MiB";
        } else {
            // No mount here: limit the size of any file the child writes (RLIMIT_FSIZE, in 1 KiB blocks).
            wrapper = List.of("bash", "-c", "ulimit -f 4096; exec \"$@\"", "bash");
            mechanism = "ulimit -f 4096 (mount refused: " + mount.output() + ")";
        }
        Figures.note("faults.disk full mechanism", mechanism);
        Path dir = mnt.resolve("log");
        try {
            Map<Long, String> acked = new LinkedHashMap<>();
            String failure = null;
            List<String> after = new ArrayList<>();
            String close = null;
            try (Child child = Child.start(wrapper, FaultChild.class, tmp.resolve("scratch"), List.of("-Xmx256m"),
                    "fill", dir.toString(), mode.name())) {
                String line;
                while ((line = child.poll(300_000)) != null && !line.equals(Child.EOF)) {
                    String[] p = line.split(" ", 3);
                    switch (p[0]) {
                        case "ACK", "AFTER_ACK" -> acked.put(Long.parseLong(p[1]), p[2]);
                        case "FAIL" -> failure = line;
                        case "AFTER_FAIL" -> after.add(line);
                        case "CLOSED", "CLOSE_FAIL" -> close = line;
                        default -> {
                        }
                    }
                }
                assertNotNull(line, "the child stalled: " + child.stderr());
                assertTrue(child.awaitExit(120));
                String stderr = child.stderr();
                assertEquals(0, child.exitValue(), () -> mode + ": the child crashed on a full disk: " + stderr);
            }
            System.out.printf("[fault] disk full (%s, %s): %d entries acknowledged, then %s; %d later appends "
                    + "refused; %s%n", mode, mechanism, acked.size(), failure, after.size(), close);
            assertNotNull(failure, mode + ": the disk never filled up");
            String fail = failure;
            assertTrue(fail.startsWith("FAIL dev.chainlog.api."), () -> "not a chainlog exception: " + fail);
            String lower = fail.toLowerCase();
            assertTrue(lower.contains("space") || lower.contains("file too large"),
                    () -> "the error does not say the disk is full: " + fail);
            Figures.inc("faults.injected: disk full");

            if (mount.ok()) {
                assertTrue(Os.resizeTmpfs(mnt, "128m").ok(), "growing the tmpfs");
            }
            List<Entry> kept = reopenAndCheck(dir, mode, acked, mode + " after a full disk");
            long lost = acked.size() - kept.stream().filter(e -> acked.containsKey(e.seq())).count();
            if (lost > 0) { // only NONE may lose acknowledged entries, and then close() must have said so
                String c = close;
                assertTrue(c != null && c.startsWith("CLOSE_FAIL dev.chainlog.api."), () -> lost
                        + " acknowledged entries were lost but close() did not report it: " + c);
            }
        } finally {
            if (mount.ok()) {
                Os.unmount(mnt);
            }
        }
    }

    // ------------------------------------------------------------------ unwritable folder

    /**
     * A closed log whose folder became unwritable ({@code chattr +i}: no file may be created, deleted or renamed
     * in it, whoever asks): opening is refused with a StorageException and leaves every file as it was; once
     * writable again the log opens with every entry.
     */
    @Test
    void openingALogInAnUnwritableFolderIsRefusedAndChangesNothing() throws Exception {
        Path dir = tmp.resolve("log");
        Map<Long, String> acked = appendSome(dir, Durability.WAL, 500);
        Map<String, Long> before = Logs.listing(dir);
        assumeImmutable(dir, false);
        try {
            StorageException e = assertThrows(StorageException.class, () -> EventLogs.open(Logs.config(dir, Durability.WAL)));
            System.out.println("[fault] open in an unwritable folder: " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
            assertTrue(e.getMessage().contains(dir.getFileName().toString()), e.getMessage());
        } finally {
            Os.immutable(dir, false, false);
        }
        assertEquals(before, Logs.listing(dir), "a refused open changes nothing in the folder");
        Figures.inc("faults.injected: unwritable folder (closed log)");
        reopenAndCheck(dir, Durability.WAL, acked, "after the folder became writable again");
    }

    /**
     * The folder of a running log becomes unwritable: appends go on into the open WAL file (no new file needed),
     * the flush on close cannot create its table files (a warning, the WAL stays), a reopen while it is unwritable
     * is refused, and once writable every acknowledged entry is there (replayed from the WAL).
     */
    @Test
    void aRunningLogWhoseFolderBecomesUnwritableLosesNothing() throws Exception {
        Path dir = tmp.resolve("log");
        Map<Long, String> acked = new LinkedHashMap<>();
        EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL));
        try {
            append(log, 300, acked);
            assumeImmutable(dir, false);
            try {
                int failed = 0;
                for (int i = 0; i < 300; i++) {
                    try {
                        Entry e = log.append(Event.of("while.unwritable"));
                        acked.put(e.seq(), e.hash());
                    } catch (StorageException e) {
                        failed++;
                    }
                }
                log.close();
                StorageException e = assertThrows(StorageException.class,
                        () -> EventLogs.open(Logs.config(dir, Durability.WAL)));
                System.out.println("[fault] running log, folder made unwritable: " + failed + " of 300 appends refused; "
                        + "reopen refused: " + e.getMessage());
            } finally {
                Os.immutable(dir, false, false);
            }
        } finally {
            log.close();
        }
        Figures.inc("faults.injected: unwritable folder (running log)");
        reopenAndCheck(dir, Durability.WAL, acked, "after the folder became writable again");
    }

    /**
     * Every file of a running log becomes immutable, the WAL included: appends must fail with a StorageException
     * (never be acknowledged and lost), burn no seq, and once writable the log has every acknowledged entry and
     * numbering continues right after the last one.
     */
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"SYNC", "WAL"})
    void appendsToImmutableFilesFailClearlyAndBurnNoSeq(Durability mode) throws Exception {
        Path dir = tmp.resolve("log");
        Map<Long, String> acked = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        int acceptedAfter = 0;
        EventLog log = EventLogs.open(Logs.config(dir, mode));
        try {
            append(log, 300, acked);
            assumeImmutable(dir, true);
            try {
                for (int i = 0; i < 200; i++) {
                    try {
                        Entry e = log.append(Event.of("while.immutable", java.util.Map.of("pad", "i".repeat(2000))));
                        acked.put(e.seq(), e.hash());
                        acceptedAfter++;
                    } catch (ChainlogException e) {
                        errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                }
            } finally {
                Os.immutable(dir, false, true);
            }
        } finally {
            log.close();
        }
        System.out.println("[fault] " + mode + ", every file immutable: " + acceptedAfter + " appends accepted, "
                + errors.size() + " refused; first: " + (errors.isEmpty() ? "-" : errors.get(0)));
        Figures.inc("faults.injected: immutable log files (running log)");
        reopenAndCheck(dir, mode, acked, mode + " after the files became writable again");
    }

    // ------------------------------------------------------------------ damaged write-ahead log

    /**
     * The WAL's last record is cut short (a torn write): the log opens without the torn commit, verifies, and a
     * head pinned before the damage reports exactly the lost range as TRUNCATED.
     */
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"SYNC", "WAL"})
    void aTornWalTailOpensToAPrefixAndThePinnedHeadNamesTheLoss(Durability mode) throws Exception {
        Path dir = tmp.resolve("log");
        Acked a = appendInChildAndKill(dir, mode, 2000);
        Path wal = onlyWal(dir);
        long size = Files.size(wal);
        try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
            f.setLength(size - 40); // inside the last record (a commit is ~300+ bytes)
        }
        Figures.inc("faults.injected: torn WAL tail");
        checkDamagedWal(dir, mode, a, "torn WAL tail (" + mode + ")");
    }

    /** A flipped byte inside the WAL's last record: refused with the salvage hint, or opened without that record. */
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"SYNC", "WAL"})
    void aCorruptedWalTailRecordIsRefusedOrDroppedNeverMisread(Durability mode) throws Exception {
        Path dir = tmp.resolve("log");
        Acked a = appendInChildAndKill(dir, mode, 2000);
        Path wal = onlyWal(dir);
        flipByte(wal, Files.size(wal) - 60);
        Figures.inc("faults.injected: corrupted byte in the WAL's last record");
        checkDamagedWal(dir, mode, a, "corrupted WAL tail record (" + mode + ")");
    }

    /**
     * A flipped byte in the middle of the WAL: the normal open refuses with a one-line CorruptLogException naming the
     * salvage option and changes nothing; {@code salvage(true)} keeps the prefix before the damage, which verifies;
     * the pinned head reports exactly what was lost; numbering continues; the next normal open works.
     */
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"SYNC", "WAL"})
    void aWalDamagedInTheMiddleIsRefusedAndSalvageKeepsAVerifiedPrefix(Durability mode) throws Exception {
        Path dir = tmp.resolve("log");
        Acked a = appendInChildAndKill(dir, mode, 3000);
        Path wal = onlyWal(dir);
        flipByte(wal, Files.size(wal) / 2);
        Figures.inc("faults.injected: corrupted byte in the middle of the WAL");
        Map<String, Long> before = Logs.listing(dir);
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> EventLogs.open(Logs.config(dir, mode)));
        assertTrue(e.getMessage().contains("salvage"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertEquals(before, Logs.listing(dir), "a refused open changes nothing");
        salvageAndReport(dir, mode, a, "WAL damaged in the middle (" + mode + ")");
    }

    // ------------------------------------------------------------------ damaged or missing table files

    /**
     * A flipped byte inside a data block of the {@code entries} table file: the log opens; reading up to the
     * damaged block works and what was read verifies; reading into it, verify, verify --deep and export fail with a
     * CorruptLogException naming the file (never a short answer without an error).
     */
    @Test
    void aCorruptedTableBlockFailsClearlyAndThePrefixBeforeItVerifies() throws Exception {
        Path dir = tmp.resolve("log");
        Map<Long, String> acked = appendSome(dir, Durability.WAL, 30_000);
        Path sst = biggestTableFile(dir, "entries");
        flipByte(sst, Files.size(sst) / 3);
        Figures.inc("faults.injected: corrupted SST data block");
        String file = sst.getFileName().toString();
        try (EventLog log = EventLogs.open(Logs.config(dir, Durability.WAL))) {
            List<Entry> prefix = new ArrayList<>();
            ChainlogException readError = null;
            long since = 0;
            try {
                while (true) {
                    Page p = log.read(since, 500);
                    if (p.entries().isEmpty()) {
                        break;
                    }
                    prefix.addAll(p.entries());
                    since = p.nextSince();
                }
            } catch (ChainlogException ex) {
                readError = ex;
            }
            assertNotNull(readError, "reading every entry of a damaged table file must fail, got " + prefix.size()
                    + " entries of " + acked.size());
            assertTrue(readError instanceof CorruptLogException && readError.getMessage().contains(file),
                    "the read error names the damaged file: " + readError);
            assertTrue(prefix.size() < acked.size());
            TestKit.assertChained(prefix, "the readable prefix");
            for (Entry en : prefix) {
                assertEquals(acked.get(en.seq()), en.hash(), "seq " + en.seq());
            }
            for (VerifyOptions o : List.of(VerifyOptions.DEFAULT, VerifyOptions.DEFAULT.withDeep(true))) {
                try {
                    IntegrityReport r = log.verify(o);
                    assertFalse(r.ok(), "verify(deep=" + o.deep() + ") of a damaged table file said OK");
                    System.out.println("[fault] table block damage, verify(deep=" + o.deep() + "): " + r.summary());
                } catch (CorruptLogException ex) {
                    assertTrue(ex.getMessage().contains(file), ex.getMessage());
                    System.out.println("[fault] table block damage, verify(deep=" + o.deep() + ") throws: " + ex.getMessage());
                }
            }
            assertThrows(ChainlogException.class, () -> log.exportTo(java.io.OutputStream.nullOutputStream(), 0));
            System.out.printf("[fault] table block damage: %d of %d entries readable before the damaged block; "
                    + "read error: %s%n", prefix.size(), acked.size(), readError.getMessage());
            Figures.add("faults.acknowledged entries checked after a fault", prefix.size());
        }
    }

    /**
     * A table file of {@code entries} deleted from a closed log: the open is refused with a CorruptLogException that
     * names the missing file, the folder is left as it was, and {@code salvage(true)} does not open it either (no
     * silently shortened log).
     */
    @Test
    void aMissingTableFileIsRefusedAndNamed() throws Exception {
        Path dir = tmp.resolve("log");
        appendSome(dir, Durability.WAL, 30_000);
        Path sst = biggestTableFile(dir, "entries");
        Files.delete(sst);
        Figures.inc("faults.injected: missing SST file");
        Map<String, Long> before = Logs.listing(dir);
        CorruptLogException e = assertThrows(CorruptLogException.class,
                () -> EventLogs.open(Logs.config(dir, Durability.WAL)));
        assertTrue(e.getMessage().contains(sst.getFileName().toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertThrows(CorruptLogException.class,
                () -> EventLogs.open(Logs.config(dir, Durability.WAL).toBuilder().salvage(true).build()));
        assertEquals(before, Logs.listing(dir), "refused opens change nothing");
        System.out.println("[fault] missing table file: " + e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    record Acked(Map<Long, String> entries, Head head) {
    }

    private static void assumeImmutable(Path p, boolean recursive) {
        Os.Result r = Os.immutable(p, true, recursive);
        if (!r.ok()) {
            Figures.note("faults.unwritable folder", "skipped: chattr +i failed here (" + r.output() + ")");
        }
        assumeTrue(r.ok(), "chattr +i does not work here (" + r.output() + "); as root, permission bits are "
                + "ignored, so an unwritable folder cannot be simulated");
    }

    private static Map<Long, String> appendSome(Path dir, Durability mode, int n) {
        Map<Long, String> acked = new LinkedHashMap<>();
        try (EventLog log = EventLogs.open(Logs.config(dir, mode))) {
            append(log, n, acked);
        }
        return acked;
    }

    private static void append(EventLog log, int n, Map<Long, String> acked) {
        for (int i = 0; i < n; i += 100) {
            List<Event> batch = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + 100); j++) {
                batch.add(Event.builder("fault.test").source("s" + j % 7).payload(Map.of("j", j)).build());
            }
            for (Entry e : log.appendBatch(batch)) {
                acked.put(e.seq(), e.hash());
            }
        }
    }

    /** A child appends {@code n} entries (WAL only, nothing flushed) and is killed; returns them and the head. */
    private Acked appendInChildAndKill(Path dir, Durability mode, int n) throws Exception {
        Map<Long, String> acked = new LinkedHashMap<>();
        Head head = null;
        try (Child child = Child.start(FaultChild.class, tmp.resolve("scratch"), List.of(), "append-then-wait",
                dir.toString(), mode.name(), Integer.toString(n))) {
            String line;
            while ((line = child.poll(300_000)) != null && !line.equals(Child.EOF)) {
                String[] p = line.split(" ");
                if (p[0].equals("ACK")) {
                    acked.put(Long.parseLong(p[1]), p[2]);
                } else if (p[0].equals("DONE")) {
                    head = new Head(Long.parseLong(p[1]), p[2]);
                    break;
                }
            }
            assertNotNull(head, "the child did not finish: " + child.stderr());
            child.kill();
        }
        return new Acked(acked, head);
    }

    /**
     * After damage to the WAL: the normal open either refuses (CorruptLogException naming salvage, nothing changed)
     * or opens a verified prefix; either way what is readable matches what was acknowledged and the pinned head
     * names the lost range precisely.
     */
    private static void checkDamagedWal(Path dir, Durability mode, Acked a, String ctx) {
        Map<String, Long> before = Logs.listing(dir);
        EventLog log;
        try {
            log = EventLogs.open(Logs.config(dir, mode));
        } catch (CorruptLogException e) {
            assertTrue(e.getMessage().contains("salvage"), e.getMessage());
            assertEquals(before, Logs.listing(dir), "a refused open changes nothing");
            System.out.println("[fault] " + ctx + ": refused (" + e.getMessage() + ")");
            salvageAndReport(dir, mode, a, ctx);
            return;
        }
        try {
            reportLoss(log, a, ctx + ", normal open");
        } finally {
            log.close();
        }
    }

    private static void salvageAndReport(Path dir, Durability mode, Acked a, String ctx) {
        try (EventLog log = EventLogs.open(Logs.config(dir, mode).toBuilder().salvage(true).build())) {
            reportLoss(log, a, ctx + ", salvage open");
        }
        try (EventLog log = EventLogs.open(Logs.config(dir, mode))) { // salvaged once, it opens normally again
            TestKit.assertIntact(log.verify(), ctx + ", normal open after salvage");
        }
    }

    /**
     * The opened log is a verified prefix of what was acknowledged; verify against the pinned head reports the lost
     * range exactly (TRUNCATED from head + 1 to the pinned seq), or nothing if nothing was lost; numbering continues.
     */
    private static void reportLoss(EventLog log, Acked a, String ctx) {
        TestKit.assertIntact(log.verify(), ctx);
        List<Entry> entries = Logs.assertRetainedRange(log, ctx);
        long head = log.head().seq();
        assertTrue(head <= a.head().seq(), ctx + ": more entries than were written");
        for (Entry e : entries) {
            assertEquals(a.entries().get(e.seq()), e.hash(), ctx + ": seq " + e.seq() + " is not what was acknowledged");
        }
        IntegrityReport pinned = log.verify(VerifyOptions.expecting(a.head()));
        if (head == a.head().seq()) {
            assertTrue(pinned.ok(), ctx + ": " + pinned.summary());
        } else {
            assertFalse(pinned.ok(), ctx + ": entries " + (head + 1) + ".." + a.head().seq() + " are gone but verify "
                    + "against the pinned head says OK");
            Problem p = pinned.problems().stream().filter(x -> x.kind() == ProblemKind.TRUNCATED).findFirst()
                    .orElseThrow(() -> new AssertionError(ctx + ": no TRUNCATED problem: " + pinned.summary()));
            assertEquals(head + 1, p.seq(), ctx + ": first lost seq");
            assertEquals(a.head().seq(), p.lastSeq(), ctx + ": last lost seq");
        }
        Figures.add("faults.entries lost to injected damage and reported exactly by verify(pinned head)",
                a.head().seq() - head);
        Figures.add("faults.acknowledged entries checked after a fault", entries.size());
        System.out.printf("[fault] %s: head %d of %d pinned; %s%n", ctx, head, a.head().seq(),
                pinned.ok() ? "nothing lost" : pinned.problems().get(0));
        long next = log.append(Event.of("after.damage")).seq();
        assertEquals(head + 1, next, ctx + ": the counter continues");
    }

    private static Path onlyWal(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> logs = s.filter(p -> p.getFileName().toString().endsWith(".log")).toList();
            assertEquals(1, logs.size(), logs.toString());
            return logs.get(0);
        }
    }

    static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xFF);
        }
    }

    /** The largest live table file of a column family (found through RocksDB's own metadata). */
    static Path biggestTableFile(Path dir, String column) throws Exception {
        try (RawRocks raw = new RawRocks(dir)) {
            LiveFileMetaData best = null;
            for (LiveFileMetaData f : raw.db().getLiveFilesMetaData()) {
                if (new String(f.columnFamilyName(), StandardCharsets.US_ASCII).equals(column)
                        && (best == null || f.size() > best.size())) {
                    best = f;
                }
            }
            if (best == null) {
                fail("no table file for " + column);
            }
            return dir.resolve(best.fileName().replaceFirst("^/", ""));
        }
    }

    // ------------------------------------------------------------------ shared checks

    /**
     * Reopens {@code dir}: verify OK, the retained range gap-free; every acknowledged entry there with its hash
     * (NONE: those that survived form a prefix); the counter continues. Returns the entries.
     */
    static List<Entry> reopenAndCheck(Path dir, Durability mode, Map<Long, String> acked, String ctx) {
        try (EventLog log = EventLogs.open(Logs.config(dir, mode))) {
            TestKit.assertIntact(log.verify(), ctx);
            List<Entry> entries = Logs.assertRetainedRange(log, ctx);
            long head = log.head().seq();
            long lost = 0;
            for (Map.Entry<Long, String> a : acked.entrySet()) {
                if (a.getKey() > head) {
                    lost++;
                    continue;
                }
                assertEquals(a.getValue(), entries.get((int) (a.getKey() - log.logStartSeq())).hash(),
                        ctx + ": acknowledged seq " + a.getKey() + " changed");
            }
            if (mode != Durability.NONE) {
                assertEquals(0, lost, ctx + ": " + lost + " acknowledged entries lost (head " + head + ")");
            }
            Figures.add("faults.acknowledged entries checked after a fault", acked.size() - lost);
            System.out.printf("[fault] %s: reopened at head %d, verify OK; %d of %d acknowledged entries present%s%n",
                    ctx, head, acked.size() - lost, acked.size(), lost == 0 ? "" : " (NONE: the rest were lost)");
            Entry next = log.append(Event.of("after.fault"));
            assertEquals(head + 1, next.seq(), ctx + ": the counter continues");
            return entries;
        }
    }
}
