package dev.chainlog.rocksdb;

import dev.chainlog.api.ConsumerPosition;
import dev.chainlog.api.DurableConsumer;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.ReadOnlyLogException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.chainlog.contract.TestKit.appendN;
import static dev.chainlog.contract.TestKit.range;
import static dev.chainlog.contract.TestKit.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A durable consumer's position across a close and reopen, and as a read-only process beside the writer sees it. */
class ConsumerRestartTest {
    @TempDir
    Path dir;

    @Test
    void theCommittedPositionSurvivesARestartAndIsSeenByAReader() {
        List<Entry> all;
        try (EventLog log = TestLogs.open(dir)) {
            all = appendN(log, 50);
            DurableConsumer c = log.consumer("projector");
            c.poll(30);
            c.commit(all.get(19));
        }
        try (EventLog log = TestLogs.open(dir)) {
            DurableConsumer c = log.consumer("projector");
            assertEquals(new ConsumerPosition("projector", 20, all.get(19).hash(), 0), c.committed());
            assertEquals(range(21, 50), seqs(c.poll(100)), "resumes exactly after its last commit");
            c.commit(all.get(49));
            try (EventLog reader = EventLogs.openReadOnly(TestLogs.config(dir).build())) {
                assertEquals(50, reader.consumer("projector").committed().seq(), "the writer's commit, seen beside it");
                assertEquals(List.of("projector"), reader.consumers().stream().map(ConsumerPosition::name).toList());
                assertThrows(ReadOnlyLogException.class, () -> reader.consumer("projector").commit(all.get(1)));
            }
        }
    }

    @Test
    void aDamagedStoredCursorRefusesItsConsumerRatherThanResettingIt() {
        try (EventLog log = TestLogs.open(dir)) {
            List<Entry> all = appendN(log, 10);
            log.consumer("hurt").commit(all.get(4));
            log.consumer("fine").commit(all.get(6));
        }
        try (RocksLogStore store = RocksLogStore.open(TestLogs.config(dir).build())) {
            new RocksTamperer(store).put(Column.META, MetaCodec.cursorKey("hurt"), new byte[] {9, 9});
        }
        try (EventLog log = TestLogs.open(dir)) {
            assertThrows(dev.chainlog.api.CorruptLogException.class, () -> log.consumer("hurt").poll(1));
            assertThrows(dev.chainlog.api.CorruptLogException.class, () -> log.consumer("hurt").commit(1,
                    log.get(1).orElseThrow().hash()));
            assertEquals(8, log.consumer("fine").poll(1).get(0).seq(), "the others go on");
            assertTrue(log.deleteConsumer("hurt"), "deleting it is the way out");
            assertEquals(1, log.consumer("hurt").poll(1).get(0).seq(), "and it starts again from seq 1");
        }
    }
}
