package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.Head;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;

/** The value an auditor pins elsewhere: head seq and hash, the first retained seq, and the log's id. */
@Command(name = "head", description = {"Print the head (seq, hash, logStartSeq, logId) to pin elsewhere.",
        "`verify --expect-head SEQ:HASH` later detects truncation and rewrites against it."})
final class HeadCommand extends LogCommand {
    @Override
    public Integer call() {
        try (EventLog log = openForReading()) {
            Head head = log.head();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", head.seq());
            m.put("hash", head.hash());
            m.put("logStartSeq", log.logStartSeq());
            m.put("logId", log.logId());
            printJson(m);
        }
        return ChainlogCli.OK;
    }
}
