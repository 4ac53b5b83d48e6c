package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copies the intact part of a damaged log into a new log: every retained entry before the first problem verify
 * reports. The way back to writing for a log that refuses to open for writing because its recorded head disagrees
 * with its entries (entries deleted from the end, a rewritten tail, entries added past the head), or that has any
 * other damage.
 *
 * <p>The new log keeps the damaged log's id, so checkpoints signed on it still verify for the entries kept, and a
 * checkpoint of a seq that was dropped reports exactly that (truncated, or a fork once new entries take those
 * seqs). The damaged log is not changed: keep it as evidence.
 */
@Command(name = "salvage", description = {"Copy the intact entries of a damaged log into a new log (--out DIR).",
        "Keeps every retained entry before the first problem verify reports, and the log's id; the damaged log is",
        "left as it is. Exit 1 when no entry is intact."})
final class SalvageCommand extends LogCommand {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the new log's folder (missing or empty)")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!LogFolders.isNew(out)) {
            throw new ChainlogCli.UsageException("--out " + out + " is not empty; salvage writes a new log");
        }
        try (EventLog damaged = openForReading()) {
            IntegrityReport report = damaged.verify();
            if (report.ok()) {
                throw new ChainlogCli.UsageException("the log verifies: nothing to salvage (chainlog backup copies it)");
            }
            long start = damaged.logStartSeq();
            long firstBad = report.firstBadSeq().orElse(start);
            long keepTo = firstBad - 1;
            if (keepTo < start) {
                result(Map.of("kept", 0, "firstBadSeq", firstBad), "nothing to keep: the first retained entry, seq "
                        + start + ", is already damaged (" + report.problems().get(0) + ")");
                return ChainlogCli.VERIFY_FAILED;
            }
            // Beside --out, on the file system the new log goes to (not in a possibly small tmpfs).
            Path prefix = LogFolders.temporarySibling(out, "salvage.jsonl");
            Runnable cleanup = OpenLogs.deleteOnShutdown(prefix);
            long droppedTo = Math.max(damaged.head().seq(), report.problems().stream().mapToLong(p -> p.lastSeq())
                    .max().orElse(0));
            try {
                long written;
                try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(prefix), 1 << 16)) {
                    written = damaged.exportTo(o, start - 1, keepTo);
                }
                String id = damaged.logId();
                Head head = LogFolders.buildNew(out, "salvaging", log -> log.importExport(prefix, id));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("out", out.toString());
                m.put("kept", written);
                m.put("logStartSeq", start);
                m.put("head", Map.of("seq", head.seq(), "hash", head.hash()));
                m.put("firstBadSeq", firstBad);
                m.put("droppedTo", droppedTo);
                m.put("logId", id);
                result(m, "salvaged seqs " + start + ".." + keepTo + " into " + out + " (head " + head + ", log id " + id
                        + "); dropped seqs " + firstBad + ".." + droppedTo + " from the first problem on: "
                        + report.problems().get(0));
            } finally {
                Files.deleteIfExists(prefix);
                OpenLogs.removeAfterClose(cleanup);
            }
        }
        return ChainlogCli.OK;
    }
}
