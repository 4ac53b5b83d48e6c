package dev.chainlog.cli;

import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.InclusionProof;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.MalformedNoteException;
import dev.chainlog.checkpoint.SignedNote;
import dev.chainlog.checkpoint.TlogProof;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints a self-contained C2SP tlog-proof that one entry is in the log (docs/FORMAT.md §9d). */
@Command(name = "prove", description = {"Prove that entry SEQ is in the log: a C2SP tlog-proof (c2sp.org/tlog-proof@v1).",
        "It carries the entry (extra line), its inclusion proof and a signed checkpoint: the one given",
        "with --checkpoint (which fixes the tree size), or one signed now with --key. Anyone verifies it",
        "offline with `chainlog verify-proof` or any RFC 9162 verifier. Save it as NAME.tlog-proof."})
final class ProveCommand extends LogCommand {
    @Parameters(paramLabel = "SEQ", description = "the entry to prove")
    long seq;

    @Mixin
    CheckpointChoice checkpoint;

    @Option(names = "--out", paramLabel = "FILE", description = "write the proof to FILE instead of stdout")
    Path outFile;

    @Override
    public Integer call() throws Exception {
        checkpoint.check();
        if (outFile != null) {
            OutputFile.target(outFile, "--out");
        }
        try (EventLog log = openForReading()) {
            String note = checkpoint.note(log).format();
            Checkpoint cp = parse(note);
            if (!cp.origin().equals("chainlog/" + log.logId())) {
                throw new ChainlogCli.UsageException("--checkpoint is for '" + cp.origin() + "', this log is 'chainlog/"
                        + log.logId() + "'");
            }
            if (cp.legacy()) {
                throw new ChainlogCli.UsageException("--checkpoint has no Merkle root (it was signed before chainlog "
                        + "kept a tree); sign a new one with `chainlog checkpoint` or use --key");
            }
            if (seq < 1 || seq > cp.treeSize()) {
                throw new ChainlogCli.UsageException("seq " + seq + " is not in the checkpoint's tree of size " + cp.treeSize());
            }
            if (cp.treeSize() > log.head().seq()) {
                throw new ChainlogCli.UsageException("the checkpoint's tree (size " + cp.treeSize() + ") is larger than the "
                        + "log (head " + log.head().seq() + "): it is of entries this log does not hold (truncated?)");
            }
            InclusionProof proof = log.inclusionProof(seq, cp.treeSize());
            if (!Arrays.equals(proof.root(), cp.rootHash())) {
                throw new ChainlogCli.VerifyFailedException("the log's tree of size " + cp.treeSize() + " has the root "
                        + java.util.HexFormat.of().formatHex(proof.root()) + ", not the checkpoint's " + java.util.HexFormat.of().formatHex(cp.rootHash())
                        + ": the log was rewritten since, or the checkpoint is not its own; run verify --checkpoint");
            }
            Entry entry = log.get(seq).orElseThrow(() -> new IllegalStateException("seq " + seq + " vanished"));
            TlogProof tlog = new TlogProof(entry.storedValue(), seq - 1, proof.hashes(), note);
            if (outFile != null) {
                OutputFile.writeString(outFile, "--out", tlog.format());
            }
            if (json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("seq", seq);
                m.put("index", seq - 1);
                m.put("treeSize", cp.treeSize());
                m.put("rootHash", Base64.getEncoder().encodeToString(cp.rootHash()));
                m.put("leafHash", Base64.getEncoder().encodeToString(proof.leafHash()));
                m.put("proof", proof.hashes().stream().map(Base64.getEncoder()::encodeToString).toList());
                m.put("out", outFile == null ? null : outFile.toString());
                m.put("tlogProof", tlog.format());
                printJson(m);
            } else if (outFile == null) {
                out().print(tlog.format());
                Stdout.check(out());
            } else {
                err().println("proved seq " + seq + " in the tree of size " + cp.treeSize() + " into " + outFile);
            }
        }
        return ChainlogCli.OK;
    }

    private static Checkpoint parse(String note) {
        try {
            return Checkpoint.parse(SignedNote.parse(note).text());
        } catch (MalformedNoteException e) {
            throw new ChainlogCli.UsageException("--checkpoint is not a chainlog checkpoint: " + e.getMessage());
        }
    }
}
