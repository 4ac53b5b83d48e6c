package dev.chainlog.cli;

import dev.chainlog.api.ConsumerPosition;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.LogStats;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.MalformedNoteException;
import dev.chainlog.checkpoint.SignedNote;
import picocli.CommandLine.Command;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of the retained log. */
@Command(name = "stats", description = {"Print entry counts, seq and time range, tree root, consumers and checkpoints of the log.",
        "The figures an operator watches: the Merkle root of the head, the durable consumers' largest lag, the",
        "snapshots kept, the age of the newest stored checkpoint."})
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
            m.put("treeRoot", treeRoot(log));
            List<ConsumerPosition> consumers = log.consumers();
            m.put("consumers", consumers.size());
            m.put("maxConsumerLag", consumers.stream().mapToLong(c -> log.head().seq() - c.seq()).max().orElse(0));
            m.put("snapshotNames", log.snapshotNames().size());
            Checkpoint newest = newestCheckpoint(log);
            m.put("checkpointSeq", newest == null ? null : newest.treeSize());
            m.put("checkpointAgeSeconds", newest == null ? null
                    : Math.max(0, (System.currentTimeMillis() * 1000 - newest.timeMicros()) / 1_000_000));
            if (json()) {
                printJson(m);
            } else {
                m.forEach((k, v) -> emit(String.format("%-21s %s%s", k, v == null ? "-" : v,
                        k.endsWith("Ts") && v != null ? "  (" + Instant.EPOCH.plusNanos((Long) v * 1000) + ")" : "")));
            }
        }
        return ChainlogCli.OK;
    }

    /** Base64 Merkle root of the head's tree, as a checkpoint would sign it; null when the log has no tree. */
    private static String treeRoot(EventLog log) {
        try {
            return Base64.getEncoder().encodeToString(log.treeRoot(log.head().seq()));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The stored checkpoint of the largest tree (the log's own, under a checkpoint policy), or null. */
    private static Checkpoint newestCheckpoint(EventLog log) {
        Checkpoint newest = null;
        for (SignedNote n : log.storedCheckpoints()) {
            try {
                Checkpoint c = Checkpoint.parse(n.text());
                if (newest == null || c.treeSize() > newest.treeSize()) {
                    newest = c;
                }
            } catch (MalformedNoteException e) {
                // verify --checkpoint reports it
            }
        }
        return newest;
    }
}
