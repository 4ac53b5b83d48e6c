package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.TilesWritten;
import dev.chainlog.checkpoint.SignedNote;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the log's tree as a static C2SP tlog-tiles folder (docs/FORMAT.md §9e). */
@Command(name = "export-tiles", description = {"Write the log's Merkle tree as static C2SP tlog-tiles files into DIR.",
        "DIR (new or empty) gets checkpoint, tile/<L>/<N>[.p/<W>] and tile/entries/<N>[.p/<W>] (the 32-byte leaf data),",
        "for the tree of the checkpoint given (--checkpoint) or of one signed now (--key). Serve DIR",
        "over HTTP and any tiles client reads and proves from it."})
final class ExportTilesCommand extends LogCommand {
    @Parameters(paramLabel = "DIR")
    Path dir;

    @Mixin
    CheckpointChoice checkpoint;

    @Override
    public Integer call() {
        checkpoint.check();
        try (EventLog log = openForReading()) {
            SignedNote note = checkpoint.note(log);
            TilesWritten w = log.exportTiles(dir, note);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dir", dir.toString());
            m.put("treeSize", w.treeSize());
            m.put("tiles", w.tiles());
            m.put("entryBundles", w.entryBundles());
            m.put("notWritten", w.notWritten());
            result(m, "wrote the tree of size " + w.treeSize() + " as " + w.tiles() + " tiles and " + w.entryBundles()
                    + " entry bundles into " + dir + (w.notWritten() == 0 ? "" : "; " + w.notWritten()
                    + " level-0 tiles and entry bundles below the minimum index are withheld: their leaf data was pruned"));
        }
        return ChainlogCli.OK;
    }
}
