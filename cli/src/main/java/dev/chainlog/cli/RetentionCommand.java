package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.LogStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** Applies retention now, once: the log's own configuration (none, for the CLI) is not changed by it. */
@Command(name = "retention", description = {"Remove entries older than --ttl and/or beyond --max-entries now.",
        "Numbering goes on after the cut; verify reports the removed prefix as pruned."})
final class RetentionCommand extends LogCommand {
    @Option(names = "--ttl", paramLabel = "DURATION", description = "e.g. 30d, 12h, 15m, PT24H")
    String ttl;

    @Option(names = "--max-entries", paramLabel = "N", description = "keep at most the newest N entries (N >= 1)")
    Long maxEntries;

    @Option(names = "--no-reclaim", description = {"return once the entries are removed, without waiting for the disk",
            "space: the next process that opens the log for writing gives it back (or `chainlog compact`)"})
    boolean noReclaim;

    @Override
    public Integer call() {
        if (ttl == null && maxEntries == null) {
            throw new ChainlogCli.UsageException("give --ttl and/or --max-entries");
        }
        EventLogConfig.Builder settings = EventLogConfig.builder();
        if (ttl != null) {
            settings.ttl(EventLogConfig.parseDuration("--ttl", ttl));
        }
        if (maxEntries != null) {
            if (maxEntries < 1) {
                throw new ChainlogCli.UsageException("--max-entries must be 1 or more, got " + maxEntries
                        + " (to remove every entry, use --ttl with a short duration)");
            }
            settings.maxEntries(maxEntries);
        }
        // What was retained before: a log opened with the new settings already hides what they exclude.
        LogStats before;
        long folderBefore;
        try (EventLog plain = openExistingForWriting(EventLogConfig.builder().reclaimInBackground(false))) {
            before = plain.stats();
            folderBefore = FolderSize.of(log);
        }
        long start;
        long retained;
        settings.reclaimInBackground(false); // this process gives the space back below, or leaves it to the next
        try (EventLog cut = openForWriting(settings)) {
            start = cut.applyRetention();
            retained = cut.stats().count();
            if (!noReclaim && retained < before.count()) {
                SpaceBack.reclaim(cut, err());
            }
        }
        long removed = before.count() - retained;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("removed", removed);
        m.put("retained", retained);
        m.put("logStartSeq", start);
        m.put("folderBytesBefore", folderBefore);
        long folderAfter = FolderSize.of(log);
        m.put("folderBytesAfter", folderAfter);
        m.put("spaceReclaimed", removed > 0 && !noReclaim);
        result(m, removed == 0 ? "nothing to remove: " + retained + " entries retained, from seq " + start
                : "removed " + removed + " entries (seqs " + before.logStartSeq() + ".." + (start - 1) + "); " + retained
                + " retained, logStartSeq is now " + start + (noReclaim
                ? "; the disk space comes back when the log is next opened for writing (or run chainlog compact)"
                : "; the folder went from " + SpaceBack.mb(folderBefore) + " to " + SpaceBack.mb(folderAfter)));
        return ChainlogCli.OK;
    }
}
