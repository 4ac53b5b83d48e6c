package dev.chainlog.core;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Event;
import dev.chainlog.api.Head;
import dev.chainlog.api.ImportRefusedException;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.InvalidEventException;
import dev.chainlog.api.StorageException;
import dev.chainlog.chain.DecodedValue;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Hashes;
import dev.chainlog.chain.LegacyJson;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.NewEntry;
import dev.chainlog.verify.ExportVerifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Imports an export into an empty log in two passes: first verify the whole file (chain, layout, unique uuids,
 * non-decreasing ts) and refuse it if anything is wrong — as not verifying when its chain does not hold, else naming
 * the first rule a line breaks — so a bad file stores nothing; then write it in batches on
 * the writer thread, re-checking that each line still hashes as it did (the file may not change in between).
 */
final class ExportImport {
    private static final int BATCH = 1000;

    private ExportImport() {
    }

    /**
     * The first pass. The whole file is verified even after a line broke an import rule, so a file that does not
     * verify is refused as such (with the report verify-export would give), and a rule is named only for a file whose
     * chain holds.
     */
    static IntegrityReport verifyFile(Path file, long maxLineBytes, int maxPayloadBytes) {
        Set<String> uuids = new HashSet<>();
        long[] lastTs = {Long.MIN_VALUE};
        ImportRefusedException[] firstBroken = {null};
        IntegrityReport report;
        try (InputStream in = Files.newInputStream(file)) {
            report = new ExportVerifier(maxLineBytes).verify(in, null, null, line -> {
                if (firstBroken[0] != null) {
                    return;
                }
                try {
                    DecodedValue d = line.decoded();
                    requireAppendable(line, d, maxPayloadBytes);
                    if (!uuids.add(d.uuid())) {
                        throw new ImportRefusedException("line " + line.lineNumber() + " repeats uuid '" + d.uuid()
                                + "'", null);
                    }
                    if (d.ts() < lastTs[0]) {
                        throw new ImportRefusedException("line " + line.lineNumber() + " has a ts earlier than the "
                                + "line before", null);
                    }
                    lastTs[0] = d.ts();
                } catch (ImportRefusedException broken) {
                    firstBroken[0] = broken;
                }
            });
        } catch (IOException e) {
            throw new StorageException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!report.ok()) {
            throw new ImportRefusedException("the file does not verify", report);
        }
        if (firstBroken[0] != null) {
            throw firstBroken[0];
        }
        if (report.checked() == 0) {
            throw new ImportRefusedException("the file holds no entries", null);
        }
        if (report.firstChecked() > 1) {
            throw new ImportRefusedException("the file starts at seq " + report.firstChecked() + ", not 1 (its log was "
                    + "pruned, or it was exported with --since): a log keeps a Merkle tree over every entry from seq 1, "
                    + "which needs the hashes of entries 1.." + (report.firstChecked() - 1) + "; import an export "
                    + "that starts at seq 1 (docs/FORMAT.md §9b)", null);
        }
        return report;
    }

    /**
     * An imported line must be exactly what a log would have written: every field obeys the append rules, the
     * payload limit holds for the payload as this log's append measures it (its rule-2 encoding), and the bytes are
     * the encoding of the decoded fields under rule 2 (rebuilt here through the same Event path as an append) or, for
     * a line from an older chainlog, under rule 1 ({@link LegacyJson}); docs/FORMAT.md §1. Each line is judged on its
     * own: an export of a log written across the upgrade holds both.
     */
    private static void requireAppendable(ExportVerifier.Line line, DecodedValue d, int maxPayloadBytes) {
        String where = "line " + line.lineNumber() + " (seq " + d.seq() + ")";
        if (d.seq() > EntryCodec.MAX_SEQ) {
            throw new ImportRefusedException(where + " is beyond the last seq a log can hold (" + EntryCodec.MAX_SEQ + ")", null);
        }
        Event event;
        try {
            event = Event.builder(d.kind()).source(d.source()).uuid(d.uuid()).meta(d.meta()).payload(d.payload()).build();
            new AppendRequest(List.of(event), d.reqId(), null);
        } catch (InvalidEventException e) {
            throw new ImportRefusedException(where + " breaks a rule append enforces: " + e.getMessage(), null);
        }
        if (event.payloadSize() > maxPayloadBytes) {
            throw new ImportRefusedException(where + " has a payload of " + event.payloadSize()
                    + " bytes, over this log's limit of " + maxPayloadBytes, null);
        }
        if (!Arrays.equals(EntryCodec.encodeValue(d, event.encoded()), line.value())
                && !Arrays.equals(LegacyJson.value(d, line.value()), line.value())) {
            throw new ImportRefusedException(where + " is not spelled as chainlog writes it, in encoding rule 2 or in rule 1 "
                    + "of older versions (field order, whitespace, escapes, member order or number spelling differ; "
                    + "docs/FORMAT.md §1)", null);
        }
    }

    /**
     * Writes the verified file as the writer, in batches through the commit point (synced: an import is done when it
     * returns). The first batch gives the log, when asked, the id of the log the export came from (an export starts at
     * seq 1: {@link #verifyFile} refuses others).
     */
    static Head writeFile(Path file, IntegrityReport verified, long maxLineBytes, String logId, CommitPoint commitPoint,
                          HighWatermark watermark, LongSupplier nowMicros) {
        List<NewEntry> batch = new ArrayList<>(BATCH);
        byte[][] firstPrev = {null};
        try (InputStream in = Files.newInputStream(file)) {
            new ExportVerifier(maxLineBytes).verify(in, null, verified.head(), line -> {
                DecodedValue d = line.decoded();
                if (firstPrev[0] == null) {
                    firstPrev[0] = Hashes.fromHex(d.prev());
                }
                batch.add(new NewEntry(line.seq(), line.value(), line.hash(), d.uuid(), d.reqId(), d.source()));
                if (batch.size() == BATCH) {
                    commit(commitPoint, watermark.meta(), logId, batch, d.ts(), firstPrev[0], nowMicros.getAsLong());
                }
            });
            if (!batch.isEmpty()) {
                long ts = EntryCodec.readHeader(batch.get(batch.size() - 1).value()).ts();
                commit(commitPoint, watermark.meta(), logId, batch, ts, firstPrev[0], nowMicros.getAsLong());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LogMeta done = watermark.meta();
        if (done.headSeq() != verified.head().seq() || !Hashes.hex(done.headHash()).equals(verified.head().hash())) {
            throw new StorageException("the file changed while it was imported; the log holds seqs up to "
                    + done.headSeq() + " of it");
        }
        return verified.head();
    }

    private static void commit(CommitPoint commitPoint, LogMeta published, String logId, List<NewEntry> batch, long ts,
                               byte[] firstPrev, long nowMicros) {
        NewEntry last = batch.get(batch.size() - 1);
        boolean first = published.headSeq() == 0;
        if (!first && batch.get(0).seq() != published.headSeq() + 1) {
            throw new StorageException("the file changed while it was imported (seq " + batch.get(0).seq() + ")");
        }
        LogMeta next = (first && logId != null ? published.withLogId(logId) : published).withHead(last.seq(), last.hash(), ts);
        if (first) {
            next = next.withLogStart(batch.get(0).seq(), firstPrev);
        }
        commitPoint.commit(published, batch, null, next, true, nowMicros);
        batch.clear();
    }
}
