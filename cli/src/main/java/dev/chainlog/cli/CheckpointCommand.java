package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.SignedNote;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Signs a checkpoint of the log: the note an auditor keeps outside it. */
@Command(name = "checkpoint", description = {"Sign a checkpoint of the log: a C2SP tlog-checkpoint of its head.",
        "The note holds the origin, the tree size (head seq), the Merkle root, and as extension lines the chain",
        "head hash, the prune anchor and the time. Keep it outside the log;",
        "`verify --checkpoint` checks the log against it later. A damaged log is not signed."})
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
        InputFiles.requireReadable(key, "--key");
        InputFiles.requireReadable(CheckpointChoice.Keys.pubFile(key, pub), "--pub");
        if (outFile != null) {
            OutputFile.target(outFile, "--out");
        }
        try (EventLog log = openForReading()) {
            NoteSigner signer = CheckpointChoice.Keys.signer(name != null ? name : "chainlog/" + log.logId(), key, pub);
            SignedNote note = log.checkpoint(List.of(signer));
            List<String> lines = note.text().lines().toList();
            if (outFile != null) {
                OutputFile.writeString(outFile, "--out", note.format());
            }
            if (json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("origin", lines.get(0));
                m.put("seq", Long.parseLong(lines.get(1)));
                m.put("rootHash", lines.get(2));
                m.put("keyName", signer.name());
                m.put("out", outFile == null ? null : outFile.toString());
                m.put("note", note.format());
                printJson(m);
            } else if (outFile == null) {
                out().print(note.format());
                Stdout.check(out());
            } else {
                err().println("signed a checkpoint of seq " + lines.get(1) + " into " + outFile);
            }
        }
        return ChainlogCli.OK;
    }
}
