package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.LogStats;
import picocli.CommandLine.Command;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of the retained log. */
@Command(name = "stats", description = "Print entry counts, seq range and time range of the retained log.")
final class StatsCommand extends LogCommand {
    @Override
    public Integer call() {
        try (EventLog log = openForReading()) {
            LogStats s = log.stats();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("entries", s.count());
            m.put("logStartSeq", s.logStartSeq());
            m.put("firstSeq", s.firstSeq());
            m.put("lastSeq", s.lastSeq());
            m.put("firstTs", s.firstTs());
            m.put("lastTs", s.lastTs());
            m.put("headHash", log.head().hash());
            m.put("folderBytes", FolderSize.of(root.log));
            if (root.json) {
                printJson(m);
            } else {
                m.forEach((k, v) -> out().printf("%-12s %s%s%n", k, v, k.endsWith("Ts") && s.count() > 0
                        ? "  (" + Instant.EPOCH.plusNanos((Long) v * 1000) + ")" : ""));
            }
        }
        return ChainlogCli.OK;
    }
}
