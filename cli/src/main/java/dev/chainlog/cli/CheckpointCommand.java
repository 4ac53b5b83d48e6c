package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.checkpoint.NoteSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Signs a checkpoint of the log: the note an auditor keeps outside it. */
@Command(name = "checkpoint", description = {"Sign a checkpoint of the log (C2SP signed note: origin, head seq, head hash,",
        "prune anchor, time). Keep it outside the log; `verify --checkpoint` checks the log against it later."})
final class CheckpointCommand extends LogCommand {
    @Option(names = "--key", required = true, paramLabel = "FILE", description = "private key (from keygen); FILE.pub beside it, or --pub")
    Path key;

    @Option(names = "--pub", paramLabel = "FILE", description = "public key (default: the --key path with .key replaced by .pub)")
    Path pub;

    @Option(names = "--name", paramLabel = "NAME", description = "key name in the signature line (default: the log's origin)")
    String name;

    @Option(names = "--out", paramLabel = "FILE", description = "write the note to FILE instead of stdout")
    Path outFile;

    @Override
    public Integer call() throws Exception {
        Path pubFile = pub != null ? pub : Path.of(key.toString().replaceAll("\\.key$", "") + ".pub");
        try (EventLog log = openForReading()) {
            NoteSigner signer = NoteSigner.load(name != null ? name : "chainlog/" + log.logId(), key, pubFile);
            String note = log.checkpoint(List.of(signer)).format();
            if (outFile != null) {
                Files.writeString(outFile, note);
            } else {
                out().print(note);
            }
        }
        return ChainlogCli.OK;
    }
}
