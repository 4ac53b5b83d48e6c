package dev.chainlog.cli;

import dev.chainlog.api.EventLog;

import java.io.PrintWriter;

/**
 * Gives a log's disk space back now ({@link EventLog#reclaimSpace}) for {@code chainlog retention} and
 * {@code chainlog compact}, with a progress line on a terminal: the pruned entries removed so far, then the
 * compaction.
 */
final class SpaceBack {
    private SpaceBack() {
    }

    /** Returns the seconds it took. */
    static double reclaim(EventLog log, PrintWriter err) {
        boolean bar = System.console() != null;
        long started = System.nanoTime();
        log.reclaimSpace(bar ? removed -> err.print("\rgiving the disk space back: " + removed
                + " pruned entries removed") : null);
        if (bar) {
            err.print("\r" + " ".repeat(72) + "\r");
            err.flush();
        }
        return (System.nanoTime() - started) / 1e9;
    }

    static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
