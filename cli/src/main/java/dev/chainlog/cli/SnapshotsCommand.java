package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.SnapshotInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lists the snapshots kept with the log, and whether each can be used. */
@Command(name = "snapshots", description = {"List the application snapshots kept with the log, and whether each can be used.",
        "VALID: its checksum holds and the log holds its entry with its hash; DAMAGED, REWRITTEN (the log holds",
        "another entry there) or PRUNED (retention removed the entries after it) are skipped by a replay."})
final class SnapshotsCommand extends LogCommand {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "only this name's snapshots")
    String name;

    @Override
    public Integer call() {
        try (EventLog log = openForReading()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String n : name != null ? List.of(name) : log.snapshotNames()) {
                for (SnapshotInfo s : log.snapshots(n)) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", s.name());
                    m.put("seq", s.seq());
                    m.put("hash", s.hash());
                    m.put("bytes", s.bytes());
                    m.put("status", s.status().name());
                    rows.add(m);
                }
            }
            if (json()) {
                printJson(Map.of("snapshots", rows));
            } else if (rows.isEmpty()) {
                emit("no snapshots");
            } else {
                rows.forEach(m -> emit(m.get("name") + "  seq " + m.get("seq") + "  " + m.get("status") + "  "
                        + m.get("bytes") + " bytes  " + m.get("hash")));
            }
        }
        return ChainlogCli.OK;
    }
}
