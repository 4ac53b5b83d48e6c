package dev.chainlog.cli;

import dev.chainlog.api.BackendVersion;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLogs;
import dev.chainlog.checkpoint.TlogProof;
import dev.chainlog.kafka.ChainlogRecords;
import dev.chainlog.tree.Tiles;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What {@code chainlog --version} prints: this build's version and git commit (build.properties, filled in by the
 * build), every format it writes and what it reads of each (docs/COMPATIBILITY.md, where each is specified), and the
 * RocksDB and Java it runs on. The format versions come from the constants the writers use, never from copies.
 */
final class VersionInfo implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties build = build();
        String version = known(build.getProperty("version"), "dev");
        String commit = known(build.getProperty("commit"), null);
        String state = commit == null ? "commit unknown: built outside a git checkout"
                : "commit " + commit + ("true".equals(build.getProperty("dirty")) ? ", with uncommitted changes" : "");
        List<BackendVersion> backends = EventLogs.versions(); // through the providers: cli knows no backend's code
        List<String> lines = new ArrayList<>(List.of(
                "chainlog " + version + " (" + state + ")",
                "formats (docs/COMPATIBILITY.md):",
                "  stored entries      writes format " + Entry.FORMAT_VERSION + "; reads format " + Entry.FORMAT_VERSION));
        for (BackendVersion b : backends) {
            lines.add(String.format("  %-19s %s", b.backend() + " storage", b.storage()));
        }
        lines.addAll(List.of(
                "  checkpoints         writes c2sp.org/tlog-checkpoint, c2sp.org/signed-note Ed25519 signatures; reads"
                        + " the same and the root-less form of development builds",
                "  inclusion proofs    writes and reads " + TlogProof.HEADER,
                "  tiles               writes c2sp.org/tlog-tiles (tiles of " + Tiles.WIDTH + " hashes)",
                "  exports             writes and reads JSON Lines of format-" + Entry.FORMAT_VERSION + " entries",
                "  Kafka records       writes " + ChainlogRecords.FORMAT + " " + ChainlogRecords.FORMAT_VERSION
                        + "; reads " + ChainlogRecords.FORMAT_VERSION + " (a newer record is reported, not judged)",
                "runs on " + String.join(", ", backends.stream().map(BackendVersion::engine).toList())
                        + (backends.isEmpty() ? "" : ", ") + "Java " + System.getProperty("java.version") + " ("
                        + System.getProperty("java.vendor") + ", " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch") + ")"));
        return lines.toArray(String[]::new);
    }

    private static Properties build() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build.properties from the chainlog jar", e);
        }
        return p;
    }

    /** A property the build filled in, or the fallback where it left its placeholder (or there is none). */
    private static String known(String value, String fallback) {
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
    }
}
