package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** A consistent copy of the log in a new folder (RocksDB checkpoint: hard links where possible). */
@Command(name = "backup", description = "Write a consistent copy of the log into DIR (which must not exist).")
final class BackupCommand extends LogCommand {
    @Parameters(paramLabel = "DIR")
    Path dir;

    @Override
    public Integer call() {
        try (EventLog log = openForWriting()) {
            log.backup(dir);
            out().println("backed up to " + dir + " at head " + log.head());
        }
        return ChainlogCli.OK;
    }
}
