package dev.chainlog.cli;

import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.Page;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Streams every entry after a position up to the head, as JSON Lines (the stored values verbatim), with progress on a
 * terminal: the crash-recovery replay of an application that rebuilds its state from the log.
 */
@Command(name = "replay", description = {"Stream every entry after a position to the head, one stored value per line.",
        "From a durable consumer's committed position (--consumer NAME; it is not moved), the latest valid",
        "snapshot of a name (--snapshot NAME), or --since SEQ (default 0). On a terminal, stderr shows progress (entries/s, ETA); retention that removed entries",
        "after the position is an error, never a silent skip."})
final class ReplayCommand extends LogCommand {
    @ArgGroup(exclusive = true)
    From from = new From();

    static final class From {
        @Option(names = "--consumer", paramLabel = "NAME", description = "from this consumer's committed position")
        String consumer;

        @Option(names = "--since", paramLabel = "SEQ", description = "from after this seq (default 0)")
        Long since;

        @Option(names = "--snapshot", paramLabel = "NAME", description = "from after the latest valid snapshot of NAME")
        String snapshot;
    }

    @Override
    public Integer call() {
        try (EventLog log = openForReading()) {
            long since;
            if (from.consumer != null) {
                since = log.consumer(from.consumer).committed().seq();
            } else if (from.snapshot != null) {
                since = log.latestSnapshot(from.snapshot).map(dev.chainlog.api.Snapshot::seq).orElseThrow(() ->
                        new ChainlogCli.UsageException("no valid snapshot of '" + from.snapshot + "' (chainlog snapshots "
                                + "lists them)"));
            } else {
                since = from.since == null ? 0 : from.since;
            }
            if (since < 0) {
                throw new ChainlogCli.UsageException("--since must be 0 or more");
            }
            long head = log.head().seq();
            Progress progress = new Progress(since, head, System.console() != null);
            long done = 0;
            Page page = log.readStrict(since, 1000);
            while (!page.entries().isEmpty()) {
                for (Entry e : page.entries()) {
                    emit(e.json());
                    done++;
                }
                progress.at(page.entries().get(page.entries().size() - 1).seq());
                if (page.nextSince() >= head) {
                    break;
                }
                page = log.readStrict(page.nextSince(), 1000);
            }
            progress.done();
            if (!json()) {
                note("replayed " + done + " entries after seq " + since + " up to the head " + head);
            }
        }
        return ChainlogCli.OK;
    }

    /** A one-line progress report on stderr, on a terminal only, at most 4 times a second. */
    private final class Progress {
        private final long from;
        private final long to;
        private final boolean shown;
        private final long started = System.nanoTime();
        private long lastShown;

        Progress(long from, long to, boolean shown) {
            this.from = from;
            this.to = to;
            this.shown = shown;
        }

        void at(long seq) {
            long now = System.nanoTime();
            if (!shown || now - lastShown < 250_000_000L) {
                return;
            }
            lastShown = now;
            double seconds = (now - started) / 1e9;
            double rate = (seq - from) / Math.max(seconds, 1e-9);
            long left = to - seq;
            err().printf("\r%,d / %,d entries  %,.0f/s  ETA %.0f s ", seq - from, to - from, rate, left / Math.max(rate, 1));
            err().flush();
        }

        void done() {
            if (shown && lastShown != 0) {
                err().println();
            }
        }
    }
}
