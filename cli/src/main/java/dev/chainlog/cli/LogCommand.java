package dev.chainlog.cli;

import dev.chainlog.api.Durability;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.StorageException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A subcommand that works on a log folder ({@code --log}): how to open it, for writing or for reading. */
abstract class LogCommand extends CliCommand {
    @Option(names = "--log", paramLabel = "DIR", defaultValue = "./chainlog-data",
            description = "the log's folder (default: ${DEFAULT-VALUE})")
    Path log;

    /**
     * Opens the log to write, creating it if needed; fails clearly when another process holds it. The log is
     * closed on Ctrl-C or SIGTERM as on a normal exit ({@link OpenLogs}).
     */
    EventLog openForWriting(EventLogConfig.Builder settings) {
        return openForWriting(configFor(settings));
    }

    /** The configuration of this command's log: {@code settings} at the log's folder. */
    EventLogConfig configFor(EventLogConfig.Builder settings) {
        return settings.path(log).build();
    }

    /** Opens the log as {@code config} says, closed by the Ctrl-C hook if the command does not get to it. */
    EventLog openForWriting(EventLogConfig config) {
        return OpenLogs.register(EventLogs.open(config));
    }

    EventLog openForWriting() {
        return openForWriting(EventLogConfig.builder().durability(Durability.WAL));
    }

    /** As {@link #openForWriting(EventLogConfig.Builder)}, for a command that must not create a log (retention). */
    EventLog openExistingForWriting(EventLogConfig.Builder settings) {
        requireLogFolder();
        return openForWriting(settings);
    }

    /**
     * Opens the log to read. It works beside a process that holds the log open for writing: the log is opened as
     * a RocksDB secondary instance that catches up with the writer.
     */
    EventLog openForReading() {
        requireLogFolder();
        return OpenLogs.register(EventLogs.openReadOnly(EventLogConfig.rocksdb(log)));
    }

    /** The folder must exist and hold something; what it holds is the store's to judge. */
    private void requireLogFolder() {
        boolean empty;
        try (Stream<Path> files = Files.isDirectory(log) ? Files.list(log) : null) {
            empty = files == null || files.findAny().isEmpty();
        } catch (IOException e) {
            throw new StorageException("cannot read the log folder " + log + ": " + e.getMessage(), e);
        }
        if (empty) {
            throw new StorageException("no chainlog log at " + log + (!Files.exists(log) ? " (the folder does not exist)"
                    : Files.isDirectory(log) ? " (the folder is empty)" : " (it is a file)"));
        }
    }
}
