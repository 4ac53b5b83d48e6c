package dev.chainlog.rocksdb;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.api.StorageException;
import dev.chainlog.api.VerifyOptions;
import dev.chainlog.chain.Hashes;
import dev.chainlog.contract.TestKit;
import dev.chainlog.core.ChainedEventLog;
import dev.chainlog.store.LogMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static dev.chainlog.contract.TestKit.assertIntact;
import static dev.chainlog.rocksdb.TestLogs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damage done through the raw RocksDB API behind the log's back ({@link RocksTamperer}), persisted across a reopen,
 * is reported by verify with the seq and the class (docs/DESIGN.md: Tamper evidence); damage below RocksDB's own
 * checksums is reported as storage corruption.
 */
class TamperTest {
    @TempDir
    Path dir;

    /** Writes ten entries, closes the log, damages the store with {@code damage}, and reopens: the damage persisted. */
    private EventLog damaged(Consumer<RocksTamperer> damage, List<Entry> written) {
        EventLogConfig cfg = config(dir).build();
        RocksLogStore store = RocksLogStore.open(cfg);
        try (EventLog log = ChainedEventLog.open(store, cfg)) {
            for (int i = 1; i <= 10; i++) {
                written.add(log.append(Event.builder("k").source("s").payload(Map.of("amount", i)).build()));
            }
            damage.accept(new RocksTamperer(store));
        }
        return TestLogs.open(dir);
    }

    private static List<Problem> kinds(IntegrityReport r) {
        return r.problems().stream().map(p -> new Problem(p.kind(), p.seq(), p.lastSeq(), "")).toList();
    }

    private static Problem at(ProblemKind kind, long seq) {
        return new Problem(kind, seq, seq, "");
    }

    @Test
    void anEditedValueIsContentChanged() {
        List<Entry> w = new ArrayList<>();
        try (EventLog log = damaged(t -> t.putValue(4, w.get(3).json().replace("\"amount\":4", "\"amount\":9")
                .getBytes(StandardCharsets.UTF_8)), w)) {
            IntegrityReport r = log.verify();
            assertEquals(List.of(at(ProblemKind.CONTENT_CHANGED, 4)), kinds(r), r.summary());
            assertEquals(4, r.firstBadSeq().orElseThrow());
        }
    }

    @Test
    void anEditedChecksumIsAChecksumMismatch() {
        try (EventLog log = damaged(t -> t.putChecksum(7, Hashes.sha256(new byte[] {7})), new ArrayList<>())) {
            IntegrityReport r = log.verify();
            assertEquals(List.of(at(ProblemKind.CHECKSUM_MISMATCH, 7)), kinds(r), r.summary());
        }
    }

    @Test
    void aDeletedMiddleKeyIsASequenceGap() {
        try (EventLog log = damaged(t -> t.delete(5, true), new ArrayList<>())) {
            IntegrityReport r = log.verify();
            assertEquals(List.of(new Problem(ProblemKind.SEQUENCE_GAP, 5, 5, "")), kinds(r), r.summary());
        }
    }

    @Test
    void anEntryRewrittenUnderAnotherKeyIsASeqKeyMismatch() {
        List<Entry> w = new ArrayList<>();
        try (EventLog log = damaged(t -> {
            t.delete(5, true);
            t.putValue(6, w.get(4).storedValue());      // entry 5 moved to key 6, with its checksum
            t.putChecksum(6, w.get(4).hashBytes());
        }, w)) {
            IntegrityReport r = log.verify();
            assertTrue(kinds(r).contains(new Problem(ProblemKind.SEQUENCE_GAP, 5, 5, "")), r.summary());
            assertTrue(kinds(r).contains(at(ProblemKind.SEQ_KEY_MISMATCH, 6)), r.summary());
            assertEquals(5, r.firstBadSeq().orElseThrow());
        }
    }

    @Test
    void aKeyChainlogCannotHaveWrittenIsReportedByADeepVerify() {
        try (EventLog log = damaged(t -> t.put(Column.ENTRIES, "not-a-seq".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8)), new ArrayList<>())) {
            assertIntact(log.verify()); // the chain of real entries is intact
            IntegrityReport deep = log.verify(new VerifyOptions(null, true));
            assertFalse(deep.ok());
            assertEquals(ProblemKind.STORAGE_CORRUPTION, deep.problems().get(0).kind(), deep.summary());
            assertTrue(deep.problems().get(0).detail().contains("entries"), deep.summary());
        }
    }

    @Test
    void aMetaThatDisagreesWithTheEntriesRefusesToOpen() {
        EventLogConfig cfg = config(dir).build();
        RocksLogStore store = RocksLogStore.open(cfg);
        try (EventLog log = ChainedEventLog.open(store, cfg)) {
            TestKit.appendN(log, 1, 10);
        }
        try (RocksLogStore opened = RocksLogStore.open(cfg)) {
            LogMeta m = opened.readMeta();
            new RocksTamperer(opened).putMeta(m.withHead(12, m.headHash(), m.headTs())); // claims two entries that are not there
        }
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> TestLogs.open(dir));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        try (RocksLogStore opened = RocksLogStore.open(cfg)) {
            new RocksTamperer(opened).put(Column.META, MetaCodec.key(MetaCodec.HEAD), new byte[] {1, 2, 3});
        }
        e = assertThrows(CorruptLogException.class, () -> TestLogs.open(dir));
        assertTrue(e.getMessage().contains("meta head is 3 bytes"), e.getMessage());
        try (RocksLogStore opened = RocksLogStore.open(cfg)) {
            new RocksTamperer(opened).delete(Column.META, MetaCodec.key(MetaCodec.HEAD));
        }
        e = assertThrows(CorruptLogException.class, () -> TestLogs.open(dir));
        assertTrue(e.getMessage().contains("missing head"), e.getMessage());
    }

    @Test
    void aNewerStorageLayoutRefusesToOpen() {
        try (RocksLogStore opened = RocksLogStore.open(config(dir).build())) {
            new RocksTamperer(opened).put(Column.META, MetaCodec.key(MetaCodec.LAYOUT), new byte[] {0, 0, 0, (byte) (MetaCodec.LAYOUT_VERSION + 1)});
        }
        StorageException e = assertThrows(CorruptLogException.class, () -> TestLogs.open(dir));
        assertTrue(e.getMessage().contains("newer chainlog"), e.getMessage());
    }

    /**
     * A byte flipped inside a data block of an SST file, below chainlog: RocksDB's block checksum catches it when
     * the block is read. The log still opens (RocksDB opens a table by its footer, index and filter blocks, which
     * are intact), and:
     * <ul>
     *   <li>the store's engine check, which a deep verify runs, names the damaged file;</li>
     *   <li>the chain scan of {@code verify} reaches the damaged block and cannot read past it: the report says
     *       {@link ProblemKind#STORAGE_CORRUPTION} naming the file, instead of throwing. Both with a scan on the
     *       calling thread and with one read ahead on a second thread (a log over 8,192 entries).</li>
     * </ul>
     */
    @ParameterizedTest
    @ValueSource(ints = {2_000, 20_000})
    void aFlippedByteInAnSstFileIsStorageCorruption(int entries) throws IOException {
        EventLogConfig cfg = config(dir).build();
        RocksLogStore store = RocksLogStore.open(cfg);
        Random rnd = new Random(7);
        try (EventLog log = ChainedEventLog.open(store, cfg)) {
            for (int from = 0; from < entries; from += 500) {
                List<Event> batch = new ArrayList<>();
                for (int i = from; i < from + 500; i++) {
                    batch.add(Event.builder("k").payload(Map.of("n", rnd.nextLong(), "i", i)).build());
                }
                log.appendBatch(batch);
            }
            store.flush();
        }
        Path sst = largestSst(dir); // the entries column family's table
        flipByte(sst, Files.size(sst) / 4); // inside the data blocks, which come first in the file
        String file = sst.getFileName().toString();

        try (RocksLogStore reopened = RocksLogStore.open(cfg)) {
            List<String> problems = reopened.engineIntegrityProblems();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains(file) && problems.get(0).contains("entries"), problems.get(0));
        }
        try (EventLog log = TestLogs.open(dir)) {
            IntegrityReport plain = log.verify();
            assertFalse(plain.ok());
            assertTrue(plain.checked() < entries, plain.summary());
            assertTrue(plain.problems().stream().anyMatch(p -> p.kind() == ProblemKind.STORAGE_CORRUPTION
                    && p.detail().contains(file)), plain.summary());
            IntegrityReport deep = log.verify(new VerifyOptions(null, true));
            assertTrue(deep.problems().stream().filter(p -> p.kind() == ProblemKind.STORAGE_CORRUPTION)
                    .anyMatch(p -> p.detail().contains(file) && p.detail().contains("entries")), deep.summary());
        }
    }

    /**
     * A table file lost from a closed log, whichever it is (entries, checksums, an index, the tree, meta): a writer's
     * open refuses the folder (RocksDB checks every table the MANIFEST lists). A read-only open does not always: its
     * RocksDB secondary tolerates missing tables (the writer deletes compacted ones under it), so docs/SECURITY.md
     * tells operators to open a restored or suspect folder as a writer.
     */
    @Test
    void aLostTableFileMakesTheWritersOpenRefuseTheFolder(@TempDir Path copies) throws IOException {
        EventLogConfig cfg = config(dir).build();
        RocksLogStore store = RocksLogStore.open(cfg);
        try (EventLog log = ChainedEventLog.open(store, cfg)) {
            for (int i = 0; i < 50; i++) {
                log.append(Event.builder("k").source("s" + (i % 3)).payload(Map.of("i", i)).build());
            }
            store.flush(); // every column family into its table files, none left in the WAL only
        }
        TestLogs.open(dir).close(); // a later writer's open starts a new MANIFEST listing those tables
        List<Path> tables;
        try (Stream<Path> s = Files.list(dir)) {
            tables = s.filter(p -> p.toString().endsWith(".sst")).sorted().toList();
        }
        assertTrue(tables.size() >= 5, tables.toString()); // one per column family with data, at least
        for (Path table : tables) {
            String name = table.getFileName().toString();
            Path copy = copies.resolve(name.replace(".sst", ""));
            copyFolder(dir, copy);
            Files.delete(copy.resolve(name));
            StorageException e = assertThrows(StorageException.class, () -> RocksLogStore.open(config(copy).build()).close(), name);
            assertTrue(e.getMessage().contains(name.replace(".sst", "")), e.getMessage());
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static Path largestSst(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".sst")).max(Comparator.comparingLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            })).orElseThrow();
        }
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xFF);
        }
    }
}
