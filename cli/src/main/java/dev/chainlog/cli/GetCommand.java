package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints one entry by seq. */
@Command(name = "get", description = "Print the entry with this seq (exit 3 if it is not retained).")
final class GetCommand extends LogCommand {
    @Parameters(paramLabel = "SEQ")
    long seq;

    @Override
    public Integer call() {
        if (seq < 1) {
            err().println("chainlog: SEQ must be 1 or more, got " + seq);
            return ChainlogCli.USAGE;
        }
        try (EventLog log = openForReading()) {
            return log.get(seq).map(e -> {
                out().println(e.json());
                return ChainlogCli.OK;
            }).orElseGet(() -> {
                err().println("chainlog: no entry " + seq + " (retained: " + log.logStartSeq() + ".." + log.head().seq() + ")");
                return ChainlogCli.STORAGE;
            });
        }
    }
}
