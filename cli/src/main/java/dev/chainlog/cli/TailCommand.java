package dev.chainlog.cli;

import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.LogTail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** Like {@code tail -f}: the newest entries, then (with --follow) new ones as they commit, until Ctrl-C. */
@Command(name = "tail", description = "Print the last entries; with --follow keep printing new ones (Ctrl-C ends).")
final class TailCommand extends LogCommand {
    @Option(names = "--since", paramLabel = "SEQ", description = "start after this seq (default: the last -n entries)")
    Long since;

    @Option(names = {"-n", "--lines"}, defaultValue = "10", paramLabel = "N")
    int lines;

    @Option(names = {"-f", "--follow"})
    boolean follow;

    @Override
    public Integer call() throws InterruptedException {
        EventLog log = openForReading();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // Ctrl-C: stop polling, close the log, let the main thread return normally.
            log.close();
            try {
                finished.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try (LogTail tail = log.subscribe(start(log))) {
            while (true) {
                Entry e = tail.poll(follow ? Duration.ofSeconds(1) : Duration.ZERO);
                if (e != null) {
                    out().println(e.json());
                    continue;
                }
                out().flush();
                if (!follow && tail.caughtUp()) {
                    break;
                }
            }
        } catch (LogClosedException stopped) {
            // Ctrl-C closed the log under the tail: a clean end
        } finally {
            out().flush();
            log.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // already running
            }
        }
        return ChainlogCli.OK;
    }

    private long start(EventLog log) {
        if (since != null) {
            if (since < 0) {
                throw new ChainlogCli.UsageException("--since must be >= 0");
            }
            return since;
        }
        if (lines < 0) {
            throw new ChainlogCli.UsageException("-n must be >= 0");
        }
        return Math.max(log.logStartSeq() - 1, log.head().seq() - lines);
    }
}
