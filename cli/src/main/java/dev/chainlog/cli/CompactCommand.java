package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;

/** Gives the disk space of past retention cuts back now (an operator's command: normally the writer does it). */
@Command(name = "compact", description = {"Give the disk space of past retention cuts back now, and wait for it.",
        "The process that writes the log does this by itself in the background; a cut whose process stopped first",
        "is finished by the next process that opens the log for writing. This does it now, e.g. at a quiet hour."})
final class CompactCommand extends LogCommand {
    @Override
    public Integer call() {
        long before;
        double seconds;
        try (EventLog open = openExistingForWriting(EventLogConfig.builder().reclaimInBackground(false))) {
            before = FolderSize.of(log);
            seconds = SpaceBack.reclaim(open, err());
        }
        long after = FolderSize.of(log);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("folderBytesBefore", before);
        m.put("folderBytesAfter", after);
        m.put("seconds", Math.round(seconds * 1000) / 1000.0);
        result(m, "the log's folder went from " + SpaceBack.mb(before) + " to " + SpaceBack.mb(after) + " in "
                + String.format(java.util.Locale.ROOT, "%.1f", seconds) + " s");
        return ChainlogCli.OK;
    }
}
