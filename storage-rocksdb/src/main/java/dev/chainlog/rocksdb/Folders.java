package dev.chainlog.rocksdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the folders the store makes for itself: a read-only open's secondary folder, an unfinished backup copy. */
final class Folders {
    private Folders() {
    }

    /** Deletes {@code dir} and everything in it, deepest first. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
