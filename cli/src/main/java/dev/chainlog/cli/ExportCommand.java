package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** JSON Lines, one stored value per line, verbatim: what an auditor verifies without chainlog (docs/FORMAT.md). */
@Command(name = "export", description = "Write entries with seq > --since as JSON Lines (stored values verbatim).")
final class ExportCommand extends LogCommand {
    @Option(names = "--since", defaultValue = "0", paramLabel = "SEQ")
    long since;

    @Option(names = "--out", paramLabel = "FILE", description = "write to FILE (atomically) instead of stdout")
    Path outFile;

    @Option(names = "--with-checkpoints", description = "also write the checkpoints the log signed itself (its "
            + "checkpoint policy) beside --out, as FILE.checkpoint-1.note, ...")
    boolean withCheckpoints;

    @Override
    public Integer call() throws IOException {
        if (withCheckpoints && outFile == null) {
            throw new ChainlogCli.UsageException("--with-checkpoints needs --out (the notes are written beside it)");
        }
        try (EventLog log = openForReading()) {
            if (withCheckpoints) {
                int i = 0;
                for (dev.chainlog.checkpoint.SignedNote note : log.storedCheckpoints()) {
                    Path file = Path.of(outFile + ".checkpoint-" + (++i) + ".note");
                    Files.writeString(file, note.format());
                    err().println("wrote " + file);
                }
                if (i == 0) {
                    err().println("chainlog: the log holds no checkpoints of its own (it has no checkpoint policy)");
                }
            }
            if (outFile == null) {
                OutputStream stdout = new BufferedOutputStream(System.out, 1 << 16);
                log.exportTo(stdout, since);
                stdout.flush();
                return ChainlogCli.OK;
            }
            Path dir = outFile.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, ".chainlog-export", ".tmp");
            try {
                long n;
                try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    n = log.exportTo(o, since);
                }
                Files.move(tmp, outFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                err().println("exported " + n + " entries to " + outFile);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return ChainlogCli.OK;
    }
}
