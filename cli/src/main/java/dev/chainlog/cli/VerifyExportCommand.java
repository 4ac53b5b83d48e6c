package dev.chainlog.cli;

import dev.chainlog.api.CheckpointReport;
import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.verify.ExportVerifier;
import dev.chainlog.verify.CheckpointAudit;
import dev.chainlog.verify.ExportView;
import dev.chainlog.checkpoint.NoteVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Verifies an export offline: its chain, a pinned head, and signed checkpoints. No access to the log needed. */
@Command(name = "verify-export", description = {"Verify an export file offline, without the log.",
        "Checks the chain, optionally a pinned head, and signed checkpoints against trusted public keys.",
        "Exit 0 when everything holds, 1 otherwise."})
final class VerifyExportCommand extends CliCommand {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--checkpoint", paramLabel = "NOTE", description = "a checkpoint note file (repeatable)")
    List<Path> checkpoints = new ArrayList<>();

    @Option(names = "--pubkey", paramLabel = "KEY", description = "a trusted public key, X.509 PEM (repeatable)")
    List<Path> pubkeys = new ArrayList<>();

    @Option(names = "--expect-head", paramLabel = "SEQ:HASH")
    String expectHead;

    @Override
    public Integer call() throws Exception {
        InputFiles.requireReadable(file, "FILE");
        if (!checkpoints.isEmpty() && pubkeys.isEmpty()) {
            throw new ChainlogCli.UsageException("--checkpoint needs at least one --pubkey to trust");
        }
        List<String> notes = InputFiles.notes(checkpoints);
        List<NoteVerifier.Key> keys = InputFiles.publicKeys(pubkeys);
        long maxLine = EventLogConfig.maxExportLineBytes(EventLogConfig.DEFAULT_MAX_PAYLOAD_BYTES);
        Head pinned = expectHead == null ? null : parseHead(expectHead);
        IntegrityReport chain;
        try (InputStream in = Files.newInputStream(file)) {
            chain = new ExportVerifier(maxLine).verify(in, null, pinned, null);
        }
        CheckpointReport audit = null;
        if (!notes.isEmpty()) {
            audit = CheckpointAudit.audit(ExportView.read(file, notes, maxLine), notes, new NoteVerifier(keys));
        }
        boolean ok = chain.ok() && (audit == null || audit.ok());
        if (root.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", ok);
            m.put("chain", VerifyCommand.toJson(chain));
            if (audit != null) {
                m.put("checkpoints", CheckpointJson.of(audit));
            }
            printJson(m);
        } else {
            emit("chain: " + chain.summary());
            if (audit != null) {
                emit("checkpoints: " + audit.summary());
            }
        }
        return ok ? ChainlogCli.OK : ChainlogCli.VERIFY_FAILED;
    }

    static Head parseHead(String text) {
        try {
            return Head.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ChainlogCli.UsageException("--expect-head: " + e.getMessage());
        }
    }
}
