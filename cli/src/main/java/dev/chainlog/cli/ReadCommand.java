package dev.chainlog.cli;

import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.Page;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints entries after a cursor as JSON Lines, each the stored value verbatim. */
@Command(name = "read", description = {"Print up to --limit entries with seq > --since, one stored value per line.",
        "Says on stderr when retention removed entries after --since, and when more entries follow the page."})
final class ReadCommand extends LogCommand {
    @Option(names = "--since", defaultValue = "0", paramLabel = "SEQ", description = "default: ${DEFAULT-VALUE}")
    long since;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "default: ${DEFAULT-VALUE}")
    int limit;

    @Override
    public Integer call() {
        if (since < 0 || limit < 0) {
            throw new ChainlogCli.UsageException("--since and --limit must be 0 or more");
        }
        try (EventLog log = openForReading()) {
            Page page = log.read(since, limit);
            if (page.cursorExpired()) {
                note("entries " + (since + 1) + ".." + (page.logStartSeq() - 1) + " were removed by retention; reading from "
                        + page.logStartSeq());
            }
            for (Entry e : page.entries()) {
                emit(e.json());
            }
            if (!page.caughtUp() && page.entries().size() == limit) {
                note(limit + " entries printed; more follow up to seq " + page.head().seq() + " (--since "
                        + page.nextSince() + " reads on)");
            }
        }
        return ChainlogCli.OK;
    }
}
