package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.TilesWritten;
import dev.chainlog.checkpoint.MalformedNoteException;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.SignedNote;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the log's tree as a static C2SP tlog-tiles folder (docs/FORMAT.md §9e). */
@Command(name = "export-tiles", description = {"Write the log's Merkle tree as static C2SP tlog-tiles files into DIR.",
        "DIR (new or empty) gets checkpoint, tile/<L>/<N>[.p/<W>] and tile/entries/<N>[.p/<W>] (the 32-byte leaf data),",
        "for the tree of the checkpoint given (--checkpoint) or of one signed now (--key). Serve DIR",
        "over HTTP and any tiles client reads and proves from it."})
final class ExportTilesCommand extends LogCommand {
    @Parameters(paramLabel = "DIR")
    Path dir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Against against;

    static final class Against {
        @Option(names = "--checkpoint", required = true, paramLabel = "NOTE", description = "a checkpoint of this log: its tree is exported")
        Path checkpoint;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "sign a checkpoint of the head now with this private key")
        Path key;
    }

    @Option(names = "--pub", paramLabel = "FILE", description = "with --key: the public key (default: the --key path with .key replaced by .pub)")
    Path pub;

    @Override
    public Integer call() {
        SignedNote given = null;
        if (against.checkpoint != null) {
            try {
                given = SignedNote.parse(InputFiles.readString(against.checkpoint, "--checkpoint"));
            } catch (MalformedNoteException e) {
                throw new ChainlogCli.UsageException("--checkpoint is not a signed note: " + e.getMessage());
            }
        } else {
            InputFiles.requireReadable(against.key, "--key");
        }
        try (EventLog log = openForReading()) {
            SignedNote note = given;
            if (note == null) {
                Path pubFile = pub != null ? pub : Path.of(against.key.toString().replaceAll("\\.key$", "") + ".pub");
                note = log.checkpoint(List.of(NoteSigner.load("chainlog/" + log.logId(), against.key,
                        InputFiles.requireReadable(pubFile, "--pub"))));
            }
            TilesWritten w = log.exportTiles(dir, note);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dir", dir.toString());
            m.put("treeSize", w.treeSize());
            m.put("tiles", w.tiles());
            m.put("entryBundles", w.entryBundles());
            m.put("notWritten", w.notWritten());
            result(m, "wrote the tree of size " + w.treeSize() + " as " + w.tiles() + " tiles and " + w.entryBundles()
                    + " entry bundles into " + dir + (w.notWritten() == 0 ? "" : "; " + w.notWritten()
                    + " level-0 tiles and entry bundles below the minimum index are not written: their leaf data was pruned"));
        }
        return ChainlogCli.OK;
    }
}
