package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.Head;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Imports an export into a new log; a file that does not verify is refused whole (exit 1). */
@Command(name = "import", description = {"Import an export into a new, empty log.",
        "The whole file is verified first; a file that does not verify is refused and nothing is stored (exit 1)."})
final class ImportCommand extends LogCommand {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new ChainlogCli.UsageException("no such file: " + file);
        }
        try (EventLog log = openForWriting()) {
            Head head = log.importExport(file);
            if (root.json) {
                printJson(Map.of("seq", head.seq(), "hash", head.hash(), "logStartSeq", log.logStartSeq()));
            } else {
                out().println("imported seqs " + log.logStartSeq() + ".." + head.seq() + ", head " + head);
            }
        }
        return ChainlogCli.OK;
    }
}
