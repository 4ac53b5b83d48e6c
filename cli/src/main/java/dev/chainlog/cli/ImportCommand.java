package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.Head;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Imports an export into a new log. The file is verified whole first; a refused file stores nothing. A new log is
 * built in a temporary folder beside {@code --log} and renamed into place only when complete, so a refused (or
 * interrupted) import leaves no log folder behind.
 */
@Command(name = "import", description = {"Import an export into a new, empty log.",
        "The whole file is verified first and nothing is stored unless all of it imports: exit 1 when it does not",
        "verify, 2 when it verifies but cannot be imported (empty, a rule broken, the log not empty).",
        "--log-id keeps the id of the exported log, so checkpoints signed on it verify against the import."})
final class ImportCommand extends LogCommand {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--log-id", paramLabel = "ID", description = "the exported log's id (`chainlog head` prints it; "
            + "a checkpoint names it in its first line, chainlog/ID); default: a new id")
    String logId;

    @Override
    public Integer call() throws IOException {
        InputFiles.requireReadable(file, "FILE");
        LogFolders.Build<Imported> importInto = l -> new Imported(l.importExport(file, logId), l.logStartSeq(), l.logId());
        Imported done;
        if (LogFolders.isNew(log)) {
            done = LogFolders.buildNew(log, "importing", importInto);
        } else {
            try (EventLog existing = openForWriting()) {
                done = importInto.into(existing);
            }
        }
        Head head = done.head;
        long start = done.logStartSeq;
        String id = done.logId;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", head.seq());
        m.put("hash", head.hash());
        m.put("logStartSeq", start);
        m.put("logId", id);
        result(m, "imported seqs " + start + ".." + head.seq() + " into " + log + ", head " + head + ", log id " + id);
        return ChainlogCli.OK;
    }

    private record Imported(Head head, long logStartSeq, String logId) {
    }
}
