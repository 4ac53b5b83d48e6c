package dev.chainlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `chainlog consumers` and `chainlog replay` on a log whose consumer an application committed through the API. */
class ConsumersAndReplayIT {
    @TempDir
    Path tmp;

    @Test
    void consumersAreListedAndDeletedAndReplayStreamsFromAPosition() {
        Path dir = tmp.resolve("log");
        try (EventLog log = EventLogs.open(EventLogConfig.rocksdb(dir))) {
            List<Entry> all = log.appendBatch(java.util.Collections.nCopies(10, Event.of("e")));
            log.consumer("projector").commit(all.get(3));
            log.saveSnapshot("state", 7, new byte[] {1, 2, 3});
        }
        String logArg = dir.toString();
        Cli.Result listed = Cli.run("--json", "consumers", "--log", logArg);
        assertEquals(0, listed.exit(), listed.err());
        JsonNode c = Cli.json(listed.out()).get("consumers").get(0);
        assertEquals("projector", c.get("name").asText());
        assertEquals(4, c.get("seq").asLong());
        assertEquals(6, c.get("lag").asLong());

        JsonNode stats = Cli.json(Cli.run("--json", "stats", "--log", logArg).out());
        assertEquals(1, stats.get("consumers").asLong());
        assertEquals(6, stats.get("maxConsumerLag").asLong());
        assertEquals(1, stats.get("snapshotNames").asLong());
        assertEquals(44, stats.get("treeRoot").asText().length(), "the base64 Merkle root of the head");

        Cli.Result fromConsumer = Cli.run("replay", "--consumer", "projector", "--log", logArg);
        assertEquals(0, fromConsumer.exit(), fromConsumer.err());
        assertEquals(6, fromConsumer.lines().size(), fromConsumer.out());
        assertTrue(fromConsumer.lines().get(0).startsWith("{\"seq\":5,"), fromConsumer.out());
        assertTrue(fromConsumer.err().contains("replayed 6 entries after seq 4"), fromConsumer.err());
        assertEquals(2, Cli.run("replay", "--since", "8", "--log", logArg).lines().size());
        assertEquals(2, Cli.run("replay", "--since", "8", "--consumer", "projector", "--log", logArg).exit(),
                "one position or the other");

        Cli.Result snaps = Cli.run("--json", "snapshots", "--log", logArg);
        JsonNode snap = Cli.json(snaps.out()).get("snapshots").get(0);
        assertEquals(7, snap.get("seq").asLong());
        assertEquals("VALID", snap.get("status").asText());
        assertEquals(3, Cli.run("replay", "--snapshot", "state", "--log", logArg).lines().size(), "8..10");
        assertEquals(2, Cli.run("replay", "--snapshot", "nothing", "--log", logArg).exit());

        assertEquals(0, Cli.run("consumers", "--delete", "projector", "--log", logArg).exit());
        assertEquals(2, Cli.run("consumers", "--delete", "projector", "--log", logArg).exit(), "no such consumer");
        assertTrue(Cli.run("consumers", "--log", logArg).out().startsWith("no consumers"));

        assertEquals(0, Cli.run("retention", "--max-entries", "3", "--log", logArg).exit());
        Cli.Result expired = Cli.run("replay", "--since", "2", "--log", logArg);
        assertEquals(3, expired.exit(), expired.out());
        assertTrue(expired.err().contains("removed by retention"), expired.err());
    }
}
