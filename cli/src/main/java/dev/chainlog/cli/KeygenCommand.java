package dev.chainlog.cli;

import dev.chainlog.checkpoint.NoteKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Generates an Ed25519 key pair for signing checkpoints. */
@Command(name = "keygen", description = {"Generate an Ed25519 key pair for signing checkpoints.",
        "Writes PREFIX.key (PKCS#8 PEM, readable by its owner only: keep it secret) and PREFIX.pub (X.509 PEM).",
        "Never overwrites a key."})
final class KeygenCommand extends CliCommand {
    @Option(names = "--out", required = true, paramLabel = "PREFIX")
    Path prefix;

    @Override
    public Integer call() {
        Path priv = Path.of(prefix + ".key");
        Path pub = Path.of(prefix + ".pub");
        Path dir = priv.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ChainlogCli.UsageException("--out " + prefix + ": the folder " + dir + " does not exist");
        }
        if (Files.exists(priv) || Files.exists(pub)) {
            throw new ChainlogCli.UsageException(priv + " or " + pub + " exists already; not overwriting a key");
        }
        NoteKeys.write(NoteKeys.generate(), priv, pub);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("privateKey", priv.toString());
        m.put("publicKey", pub.toString());
        result(m, "wrote " + priv + " (private: keep it secret) and " + pub + " (public: give it to verifiers)");
        return ChainlogCli.OK;
    }
}
