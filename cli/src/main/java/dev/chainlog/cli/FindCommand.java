package dev.chainlog.cli;

import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Lookups by uuid, request id, source or time range. */
@Command(name = "find", description = "Find entries by --uuid, --request-id, --source, or --from/--to (ISO-8601, inclusive).")
final class FindCommand extends LogCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Criteria criteria;

    static final class Criteria {
        @Option(names = "--uuid")
        String uuid;

        @Option(names = "--request-id")
        String requestId;

        @Option(names = "--source")
        String source;

        @ArgGroup(exclusive = false)
        TimeRange time;
    }

    static final class TimeRange {
        @Option(names = "--from", required = true, paramLabel = "TIME", description = "e.g. 2026-11-25T04:00:00Z")
        String from;

        @Option(names = "--to", required = true, paramLabel = "TIME")
        String to;
    }

    @Option(names = "--since", defaultValue = "0", paramLabel = "SEQ", description = "with --source: entries after this seq")
    long since;

    @Option(names = "--limit", defaultValue = "1000", paramLabel = "N")
    int limit;

    @Override
    public Integer call() {
        if (since < 0 || limit < 0) {
            throw new ChainlogCli.UsageException("--since and --limit must be 0 or more");
        }
        Instant from = null;
        Instant to = null;
        if (criteria.time != null) {
            from = instant("--from", criteria.time.from);
            to = instant("--to", criteria.time.to);
            if (from.isAfter(to)) {
                throw new ChainlogCli.UsageException("--from " + from + " is after --to " + to + "; the range would be empty");
            }
        }
        try (EventLog log = openForReading()) {
            List<Entry> found;
            if (criteria.uuid != null) {
                found = log.findByUuid(criteria.uuid).stream().toList();
            } else if (criteria.requestId != null) {
                found = log.findByRequestId(criteria.requestId);
            } else if (criteria.source != null) {
                found = log.bySource(criteria.source, since, limit);
            } else {
                found = log.timeRange(from, to, limit);
            }
            found.forEach(e -> emit(e.json()));
            if (found.size() == limit && limit > 0) {
                note(limit + " entries printed, the --limit; there may be more");
            }
        }
        return ChainlogCli.OK;
    }

    private static Instant instant(String flag, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ChainlogCli.UsageException(flag + " must be an ISO-8601 instant like 2026-11-25T04:00:00Z, got '" + text + "'");
        }
    }
}
