package dev.chainlog.cli;

import dev.chainlog.api.CheckpointReport;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.Problem;
import dev.chainlog.api.VerifyOptions;
import dev.chainlog.checkpoint.NoteVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Verifies the whole retained log; exit 1 when anything is wrong. */
@Command(name = "verify", description = {"Check every retained entry: values, checksums, the chain, gaps, the head.",
        "Exit 0 when intact, 1 when damage is found."})
final class VerifyCommand extends LogCommand {
    /** Below this size verify finishes in well under a second; no progress bar needed. */
    private static final long PROGRESS_THRESHOLD = 100_000;

    @Option(names = "--deep", description = "also verify RocksDB's block checksums")
    boolean deep;

    @Option(names = "--expect-head", paramLabel = "SEQ:HASH", description = "a head pinned earlier (from `chainlog head`)")
    String expectHead;

    @Option(names = "--checkpoint", paramLabel = "NOTE", description = "a signed checkpoint note file to check against (repeatable)")
    List<java.nio.file.Path> checkpoints = new java.util.ArrayList<>();

    @Option(names = "--pubkey", paramLabel = "KEY", description = "a trusted public key for --checkpoint, X.509 PEM (repeatable)")
    List<java.nio.file.Path> pubkeys = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        Head pinned = expectHead == null ? null : VerifyExportCommand.parseHead(expectHead);
        if (!checkpoints.isEmpty() && pubkeys.isEmpty()) {
            throw new ChainlogCli.UsageException("--checkpoint needs at least one --pubkey to trust");
        }
        List<String> notes = InputFiles.notes(checkpoints);
        List<NoteVerifier.Key> keys = InputFiles.publicKeys(pubkeys);
        try (EventLog log = openForReading()) {
            VerifyOptions options = new VerifyOptions(pinned, deep);
            long total = Math.max(0, log.head().seq() - log.logStartSeq() + 1); // not stats(): it reads the first entry, which may be the damage
            boolean bar = total > PROGRESS_THRESHOLD && System.console() != null;
            if (bar) {
                options = options.withProgress(done -> err().print("\rverifying " + percent(done, total) + "% ("
                        + done + " of " + total + ")"));
            }
            IntegrityReport report = log.verify(options);
            if (bar) {
                err().print("\r" + " ".repeat(60) + "\r");
                err().flush();
            }
            CheckpointReport audit = notes.isEmpty() ? null : log.verifyCheckpoints(notes, keys);
            boolean ok = report.ok() && (audit == null || audit.ok());
            if (root.json) {
                Map<String, Object> m = toJson(report);
                if (audit != null) {
                    m.put("ok", ok);
                    m.put("checkpoints", CheckpointJson.of(audit));
                }
                printJson(m);
            } else {
                emit(report.summary());
                if (audit != null) {
                    emit("checkpoints: " + audit.summary());
                }
            }
            return ok ? ChainlogCli.OK : ChainlogCli.VERIFY_FAILED;
        }
    }

    private static long percent(long done, long total) {
        return Math.min(100, done * 100 / Math.max(1, total));
    }

    static Map<String, Object> toJson(IntegrityReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("checked", r.checked());
        m.put("firstChecked", r.firstChecked());
        m.put("lastChecked", r.lastChecked());
        m.put("logStartSeq", r.logStartSeq());
        m.put("head", Map.of("seq", r.head().seq(), "hash", r.head().hash()));
        m.put("firstBadSeq", r.firstBadSeq().isPresent() ? r.firstBadSeq().getAsLong() : null);
        m.put("problemCount", r.problemCount());
        List<Map<String, Object>> problems = r.problems().stream().map(VerifyCommand::problem).toList();
        m.put("problems", problems);
        return m;
    }

    private static Map<String, Object> problem(Problem p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", p.kind().name());
        m.put("seq", p.seq());
        m.put("lastSeq", p.lastSeq());
        m.put("detail", p.detail());
        return m;
    }
}
