package dev.chainlog.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.chainlog.api.Durability;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.api.StorageException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;

/** What every subcommand shares: the global options, how to open the log, and output helpers. */
abstract class LogCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    @ParentCommand
    ChainlogCli root;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Opens the log to write (creating it if needed); fails clearly when another process holds it. */
    EventLog openForWriting(EventLogConfig.Builder settings) {
        return EventLogs.open(settings.path(root.log).build());
    }

    EventLog openForWriting() {
        return openForWriting(EventLogConfig.builder().durability(Durability.WAL));
    }

    /**
     * Opens the log to read. It works beside a process that holds the log open for writing: the log is opened as
     * a RocksDB secondary instance that catches up with the writer.
     */
    EventLog openForReading() {
        if (!Files.isDirectory(root.log)) {
            throw new StorageException("no chainlog log at " + root.log + " (the folder does not exist)");
        }
        return EventLogs.openReadOnly(EventLogConfig.rocksdb(root.log));
    }

    void printJson(Object value) {
        try {
            out().println(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
