package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.Head;
import dev.chainlog.api.LogLockedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A consistent copy of the log in a new folder. With the log to itself the command takes a RocksDB checkpoint
 * (hard links where possible); while another process holds the log open for writing, it opens it read-only and
 * copies what it sees (every commit up to that moment).
 */
@Command(name = "backup", description = {"Write a consistent copy of the log into DIR (a new folder).",
        "Works while another process writes to the log: the copy then holds every commit up to that moment",
        "(of a writer in none mode, which has no write-ahead log: what it has flushed)."})
final class BackupCommand extends LogCommand {
    @Parameters(paramLabel = "DIR")
    Path dir;

    @Override
    public Integer call() {
        String method;
        Head head;
        String id;
        EventLog opened;
        try {
            opened = openExistingForWriting(EventLogConfig.builder());
            method = "checkpoint";
        } catch (LogLockedException held) {
            opened = openForReading();
            method = "copy";
        }
        try (EventLog open = opened) {
            open.backup(dir);
            head = open.head();
            id = open.logId();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backup", dir.toString());
        m.put("method", method);
        m.put("logId", id);
        m.put("head", Map.of("seq", head.seq(), "hash", head.hash()));
        result(m, "backed up " + log + " to " + dir + " at head " + head + (method.equals("copy")
                ? " (a copy: another process holds the log open for writing)" : ""));
        return ChainlogCli.OK;
    }
}
