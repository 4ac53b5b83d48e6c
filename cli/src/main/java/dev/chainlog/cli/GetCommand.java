package dev.chainlog.cli;

import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.StorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Optional;

/** Prints one entry by seq. */
@Command(name = "get", description = {"Print the entry with this seq.",
        "Exit 2 when the log does not hold it (removed by retention, or not appended yet), 3 when it is missing."})
final class GetCommand extends LogCommand {
    @Parameters(paramLabel = "SEQ")
    long seq;

    @Override
    public Integer call() {
        if (seq < 1) {
            throw new ChainlogCli.UsageException("SEQ must be 1 or more, got " + seq);
        }
        try (EventLog log = openForReading()) {
            Optional<Entry> entry = log.get(seq);
            if (entry.isPresent()) {
                emit(entry.get().json());
                return ChainlogCli.OK;
            }
            long start = log.logStartSeq();
            long head = log.head().seq();
            if (seq < start) {
                throw new ChainlogCli.UsageException("entry " + seq + " was removed by retention (the log holds "
                        + retained(start, head) + ")");
            }
            if (seq > head) {
                throw new ChainlogCli.UsageException("no entry " + seq + " yet (the head is " + head + ")");
            }
            throw new StorageException("entry " + seq + " should be stored but is missing; run chainlog verify");
        }
    }

    static String retained(long start, long head) {
        return start > head ? "no entries" : "seqs " + start + ".." + head;
    }
}
