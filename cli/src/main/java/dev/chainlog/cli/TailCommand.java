package dev.chainlog.cli;

import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.LogTail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * Like {@code tail -f}: the newest entries, then (with --follow) new ones as they commit, until Ctrl-C or until
 * nobody reads the output any more ({@code tail --follow | head -1} ends).
 */
@Command(name = "tail", description = {"Print the last entries; with --follow keep printing new ones.",
        "--follow ends on Ctrl-C, or when the output is closed (e.g. piped into head)."})
final class TailCommand extends LogCommand {
    @Option(names = "--since", paramLabel = "SEQ", description = "start after this seq instead of the last -n entries")
    Long since;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "the last N entries (default 10)")
    Integer lines;

    @Option(names = {"-f", "--follow"})
    boolean follow;

    @Override
    public Integer call() throws InterruptedException {
        if (since != null && lines != null) {
            throw new ChainlogCli.UsageException("-n and --since are two ways to say where to start; give one");
        }
        if ((since != null && since < 0) || (lines != null && lines < 0)) {
            throw new ChainlogCli.UsageException(since != null ? "--since must be 0 or more" : "-n must be 0 or more");
        }
        try (EventLog log = openForReading(); LogTail tail = log.subscribe(start(log))) {
            while (true) {
                Entry e;
                try {
                    e = tail.poll(follow ? Duration.ofSeconds(1) : Duration.ZERO);
                } catch (CursorExpiredException expired) {
                    throw new dev.chainlog.api.StorageException("retention removed entries before this tail printed "
                            + "them (" + expired.getMessage() + "); run tail again", expired);
                }
                if (e != null) {
                    emit(e.json());
                    continue;
                }
                Stdout.check(out());
                if (follow && Stdout.readerGone()) {
                    throw new ChainlogCli.OutputClosedException(); // the reader left while no entry came
                }
                if (!follow && tail.caughtUp()) {
                    return ChainlogCli.OK;
                }
            }
        } catch (LogClosedException stopped) {
            return ChainlogCli.OK; // Ctrl-C closed the log under the tail (OpenLogs): a clean end
        }
    }

    private long start(EventLog log) {
        long first = log.logStartSeq() - 1;
        if (since == null) {
            return Math.max(first, log.head().seq() - (lines == null ? 10 : lines));
        }
        if (since < first) {
            note("entries " + (since + 1) + ".." + first + " were removed by retention; following from " + (first + 1));
            return first;
        }
        return since;
    }
}
