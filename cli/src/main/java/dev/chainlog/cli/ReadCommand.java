package dev.chainlog.cli;

import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.Page;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints entries after a cursor as JSON Lines, each the stored value verbatim. */
@Command(name = "read", description = "Print up to --limit entries with seq > --since, one stored value per line.")
final class ReadCommand extends LogCommand {
    @Option(names = "--since", defaultValue = "0", paramLabel = "SEQ")
    long since;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N")
    int limit;

    @Override
    public Integer call() {
        try (EventLog log = openForReading()) {
            Page page = log.read(since, limit);
            if (page.cursorExpired()) {
                err().println("chainlog: entries " + (since + 1) + ".." + (page.logStartSeq() - 1)
                        + " were removed by retention; reading from " + page.logStartSeq());
            }
            for (Entry e : page.entries()) {
                out().println(e.json());
            }
        }
        return ChainlogCli.OK;
    }
}
