package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** Applies retention now. */
@Command(name = "retention", description = "Remove entries older than --ttl and/or beyond --max-entries now.")
final class RetentionCommand extends LogCommand {
    @Option(names = "--ttl", paramLabel = "DURATION", description = "e.g. 30d, 12h, 15m, PT24H")
    String ttl;

    @Option(names = "--max-entries", paramLabel = "N")
    Long maxEntries;

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
            settings.maxEntries(maxEntries);
        }
        long before;
        long after;
        long folderBefore = FolderSize.of(root.log);
        try (EventLog log = openForWriting(settings)) {
            before = log.stats().count();
            after = log.applyRetention();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("logStartSeq", after);
        m.put("folderBytesBefore", folderBefore);
        m.put("folderBytesAfter", FolderSize.of(root.log));
        if (root.json) {
            printJson(m);
        } else {
            out().println("logStartSeq is now " + after + " (" + before + " entries were visible before)");
        }
        return ChainlogCli.OK;
    }
}
