package dev.chainlog.cli;

import dev.chainlog.checkpoint.MalformedNoteException;
import dev.chainlog.checkpoint.NoteVerifier;
import dev.chainlog.checkpoint.TlogProof;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Verifies a tlog-proof offline: no log needed (docs/FORMAT.md §9d). */
@Command(name = "verify-proof", description = {"Verify a C2SP tlog-proof offline, without the log.",
        "Its checkpoint must be signed by a trusted key, and its inclusion proof lead from the entry to the",
        "checkpoint's Merkle root.",
        "The entry is the one the proof carries, or --entry FILE (the stored value's exact bytes).",
        "Exit 0 when it holds, 1 otherwise."})
final class VerifyProofCommand extends CliCommand {
    @Parameters(paramLabel = "FILE", description = "the proof (.tlog-proof)")
    Path file;

    @Option(names = "--pubkey", required = true, paramLabel = "KEY", description = "a trusted public key, X.509 PEM (repeatable)")
    List<Path> pubkeys = new ArrayList<>();

    @Option(names = "--origin", paramLabel = "ORIGIN", description = "the log the proof must be of, e.g. chainlog/<log id> "
            + "(default: any; the result names it)")
    String origin;

    @Option(names = "--entry", paramLabel = "FILE", description = "the entry's stored value (e.g. its line of an export, without the newline)")
    Path entry;

    @Override
    public Integer call() throws Exception {
        String text = InputFiles.readString(file, "FILE");
        byte[] value = entry == null ? null : withoutFinalNewline(Files.readAllBytes(InputFiles.requireReadable(entry, "--entry")));
        NoteVerifier verifier = new NoteVerifier(InputFiles.publicKeys(pubkeys));
        TlogProof proof;
        try {
            proof = TlogProof.parse(text);
        } catch (MalformedNoteException e) {
            result(Map.of("ok", false, "detail", "not a tlog-proof: " + e.getMessage()), "FAILED: not a tlog-proof: " + e.getMessage());
            return ChainlogCli.VERIFY_FAILED;
        }
        TlogProof.Result r = proof.verify(verifier, value, origin);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("seq", proof.index() + 1);
        m.put("origin", r.checkpoint() == null ? null : r.checkpoint().origin());
        m.put("treeSize", r.checkpoint() == null ? null : r.checkpoint().size());
        m.put("detail", r.detail());
        result(m, (r.ok() ? "OK: " : "FAILED: ") + r.detail());
        return r.ok() ? ChainlogCli.OK : ChainlogCli.VERIFY_FAILED;
    }

    /** A stored value never ends in a newline; an export line copied to a file usually does. */
    private static byte[] withoutFinalNewline(byte[] b) {
        return b.length > 0 && b[b.length - 1] == '\n' ? java.util.Arrays.copyOf(b, b.length - 1) : b;
    }
}
