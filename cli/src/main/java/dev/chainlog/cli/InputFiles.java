package dev.chainlog.cli;

import dev.chainlog.checkpoint.NoteVerifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Files the user names as input (notes, keys, exports): one that is missing or unreadable is a usage error. */
final class InputFiles {
    private InputFiles() {
    }

    static Path requireReadable(Path file, String flag) {
        if (!Files.isRegularFile(file)) {
            throw new ChainlogCli.UsageException(flag + " " + file + ": " + (Files.isDirectory(file) ? "is a folder, not a file"
                    : "no such file"));
        }
        if (!Files.isReadable(file)) {
            throw new ChainlogCli.UsageException(flag + " " + file + ": not readable by this process");
        }
        return file;
    }

    static String readString(Path file, String flag) {
        requireReadable(file, flag);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ChainlogCli.UsageException(flag + " " + file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    static List<String> notes(List<Path> files) {
        return files.stream().map(p -> readString(p, "--checkpoint")).toList();
    }

    static List<NoteVerifier.Key> publicKeys(List<Path> files) {
        return files.stream().map(p -> NoteVerifier.Key.load(null, requireReadable(p, "--pubkey"))).toList();
    }
}
