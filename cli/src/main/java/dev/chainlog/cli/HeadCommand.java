package dev.chainlog.cli;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.Head;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;

/** The value an auditor pins elsewhere: head seq and hash, and the first retained seq. */
@Command(name = "head", description = "Print {\"seq\":..,\"hash\":..,\"logStartSeq\":..}: pin it to detect truncation later.")
final class HeadCommand extends LogCommand {
    @Override
    public Integer call() {
        try (EventLog log = openForReading()) {
            Head head = log.head();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seq", head.seq());
            m.put("hash", head.hash());
            m.put("logStartSeq", log.logStartSeq());
            printJson(m);
        }
        return ChainlogCli.OK;
    }
}
