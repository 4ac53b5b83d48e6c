package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.Head;
import dev.chainlog.checkpoint.SignedNote;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON Lines, one stored value per line, verbatim: what an auditor verifies without chainlog (docs/FORMAT.md). */
@Command(name = "export", description = {"Write entries with seq > --since as JSON Lines (stored values verbatim).",
        "--out writes through symbolic links, replaces a regular file atomically (keeping its permissions), and",
        "writes a device or named pipe as it is."})
final class ExportCommand extends LogCommand {
    @Option(names = "--since", defaultValue = "0", paramLabel = "SEQ", description = "default: ${DEFAULT-VALUE}")
    long since;

    @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of stdout")
    Path outFile;

    @Option(names = "--with-checkpoints", description = "also write the checkpoints the log signed itself (its "
            + "checkpoint policy) beside --out, as FILE.checkpoint-1.note, ...")
    boolean withCheckpoints;

    @Override
    public Integer call() throws IOException {
        if (since < 0) {
            throw new ChainlogCli.UsageException("--since must be 0 or more");
        }
        if (withCheckpoints && outFile == null) {
            throw new ChainlogCli.UsageException("--with-checkpoints needs --out (the notes are written beside it)");
        }
        if (outFile != null) {
            OutputFile.target(outFile, "--out"); // a bad --out is refused before the log is read
        }
        try (EventLog log = openForReading()) {
            Head head = log.head();
            List<String> notes = new ArrayList<>();
            if (withCheckpoints) {
                int i = 0;
                for (SignedNote note : log.storedCheckpoints()) {
                    Path file = Path.of(outFile + ".checkpoint-" + (++i) + ".note");
                    OutputFile.writeString(file, "--with-checkpoints", note.format());
                    notes.add(file.toString());
                }
                if (notes.isEmpty()) {
                    note("the log holds no checkpoints of its own (it has no checkpoint policy)");
                }
            }
            if (outFile == null) {
                OutputStream stdout = new BufferedOutputStream(Stdout.INSTANCE, 1 << 16);
                log.exportTo(stdout, since);
                stdout.flush();
                return ChainlogCli.OK;
            }
            long n = OutputFile.write(outFile, "--out", o -> log.exportTo(o, since));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("exported", n);
            m.put("file", outFile.toString());
            m.put("logId", log.logId());
            m.put("head", Map.of("seq", head.seq(), "hash", head.hash()));
            m.put("checkpoints", notes);
            if (json()) {
                printJson(m);
            } else {
                notes.forEach(f -> err().println("wrote " + f));
                err().println("exported " + n + " entries to " + outFile + " (log " + log.logId() + ")");
            }
        }
        return ChainlogCli.OK;
    }
}
