package dev.chainlog.cli;

import dev.chainlog.api.ConsumerPosition;
import dev.chainlog.api.EventLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lists the log's durable consumers, or deletes one. */
@Command(name = "consumers", description = {"List the log's durable consumers: position (seq and hash), lag behind the head, hold.",
        "With --delete NAME, remove that consumer and its position (it starts again from seq 1)."})
final class ConsumersCommand extends LogCommand {
    @Option(names = "--delete", paramLabel = "NAME", description = "remove this consumer")
    String delete;

    @Override
    public Integer call() {
        if (delete != null) {
            try (EventLog log = openExistingForWriting(dev.chainlog.api.EventLogConfig.builder())) {
                boolean removed = log.deleteConsumer(delete);
                result(Map.of("deleted", delete, "existed", removed), removed ? "deleted the consumer " + delete
                        : "there is no consumer " + delete);
                return removed ? ChainlogCli.OK : ChainlogCli.USAGE;
            }
        }
        try (EventLog log = openForReading()) {
            long head = log.head().seq();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ConsumerPosition p : log.consumers()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", p.name());
                m.put("seq", p.seq());
                m.put("hash", p.hash());
                m.put("lag", head - p.seq());
                m.put("holdEntries", p.holdEntries());
                rows.add(m);
            }
            if (json()) {
                printJson(Map.of("head", head, "consumers", rows));
            } else if (rows.isEmpty()) {
                emit("no consumers (head " + head + ")");
            } else {
                for (Map<String, Object> m : rows) {
                    emit(m.get("name") + "  seq " + m.get("seq") + "  lag " + m.get("lag")
                            + ((long) m.get("holdEntries") > 0 ? "  holds up to " + m.get("holdEntries") : "") + "  " + m.get("hash"));
                }
            }
        }
        return ChainlogCli.OK;
    }
}
