package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.checkpoint.MalformedNoteException;
import dev.chainlog.checkpoint.NoteSigner;
import dev.chainlog.checkpoint.SignedNote;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * The checkpoint a command works against ({@code prove}, {@code export-tiles}): one given ({@code --checkpoint
 * NOTE}, which fixes the tree size), or one of the head signed now ({@code --key}, with {@code --pub}). A picocli
 * mixin; {@link #check()} before the log is opened, {@link #note(EventLog)} once it is.
 */
final class CheckpointChoice {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Against against;

    static final class Against {
        @Option(names = "--checkpoint", required = true, paramLabel = "NOTE", description = "a checkpoint of this log to work against")
        Path checkpoint;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "sign a checkpoint of the head now with this private key")
        Path key;
    }

    @Option(names = "--pub", paramLabel = "FILE", description = "with --key: the public key (default: the --key path with .key replaced by .pub)")
    Path pub;

    private SignedNote given;

    /** Reads a given note, or checks the key files: usage errors come before the log is opened. */
    void check() {
        if (against.checkpoint != null) {
            try {
                given = SignedNote.parse(InputFiles.readString(against.checkpoint, "--checkpoint"));
            } catch (MalformedNoteException e) {
                throw new ChainlogCli.UsageException("--checkpoint is not a signed note: " + e.getMessage());
            }
        } else {
            InputFiles.requireReadable(against.key, "--key");
            InputFiles.requireReadable(Keys.pubFile(against.key, pub), "--pub");
        }
    }

    /** True when the checkpoint was given (so its size is fixed), false when it is signed now. */
    boolean given() {
        return given != null;
    }

    /** The given note, or a checkpoint of the log's head signed now. */
    SignedNote note(EventLog log) {
        return given != null ? given : log.checkpoint(List.of(Keys.signer("chainlog/" + log.logId(), against.key, pub)));
    }

    /** The key files of a signer: {@code --key} and its public half, by default beside it. */
    static final class Keys {
        private Keys() {
        }

        static NoteSigner signer(String name, Path key, Path pub) {
            return NoteSigner.load(name, InputFiles.requireReadable(key, "--key"),
                    InputFiles.requireReadable(pubFile(key, pub), "--pub"));
        }

        /** {@code pub}, or the key's path with {@code .key} replaced by {@code .pub}. */
        static Path pubFile(Path key, Path pub) {
            return pub != null ? pub : Path.of(key.toString().replaceAll("\\.key$", "") + ".pub");
        }
    }
}
