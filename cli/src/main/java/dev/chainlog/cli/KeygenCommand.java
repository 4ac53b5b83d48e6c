package dev.chainlog.cli;

import dev.chainlog.checkpoint.NoteKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Generates an Ed25519 key pair for signing checkpoints. */
@Command(name = "keygen", description = "Generate an Ed25519 key pair: PREFIX.key (PKCS#8 PEM, keep it secret) and PREFIX.pub (X.509 PEM).")
final class KeygenCommand extends LogCommand {
    @Option(names = "--out", required = true, paramLabel = "PREFIX")
    Path prefix;

    @Override
    public Integer call() {
        Path priv = Path.of(prefix + ".key");
        Path pub = Path.of(prefix + ".pub");
        if (Files.exists(priv) || Files.exists(pub)) {
            throw new ChainlogCli.UsageException(priv + " or " + pub + " exists already; not overwriting a key");
        }
        NoteKeys.write(NoteKeys.generate(), priv, pub);
        out().println("wrote " + priv + " (private: keep it secret) and " + pub + " (public: give it to verifiers)");
        return ChainlogCli.OK;
    }
}
