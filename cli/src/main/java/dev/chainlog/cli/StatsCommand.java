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
            boolean any = s.count() > 0;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("entries", s.count());
            m.put("logStartSeq", s.logStartSeq());
            m.put("firstSeq", any ? s.firstSeq() : null); // null: no entry is retained (all pruned, or none yet)
            m.put("lastSeq", any ? s.lastSeq() : null);
            m.put("headSeq", log.head().seq());
            m.put("headHash", log.head().hash());
            m.put("firstTs", any ? s.firstTs() : null);
            m.put("lastTs", any ? s.lastTs() : null);
            m.put("logId", log.logId());
            m.put("folderBytes", FolderSize.of(this.log));
            if (json()) {
                printJson(m);
            } else {
                m.forEach((k, v) -> emit(String.format("%-12s %s%s", k, v == null ? "-" : v,
                        k.endsWith("Ts") && v != null ? "  (" + Instant.EPOCH.plusNanos((Long) v * 1000) + ")" : "")));
            }
        }
        return ChainlogCli.OK;
    }
}
