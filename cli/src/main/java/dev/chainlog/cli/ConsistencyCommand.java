package dev.chainlog.cli;

import dev.chainlog.api.ConsistencyProof;
import dev.chainlog.api.EventLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints the RFC 9162 consistency proof between two tree sizes of the log (docs/FORMAT.md §9d). */
@Command(name = "consistency", description = {"Print the consistency proof between the log's trees of sizes M and N.",
        "It proves (RFC 9162 2.1.4) that the tree of size N extends the one of size M, unchanged. Lines:",
        "'old M ROOT', 'new N ROOT', then the proof hashes, base64, one per line. A witness holding a",
        "checkpoint of size M checks it against its own root."})
final class ConsistencyCommand extends LogCommand {
    @Parameters(index = "0", paramLabel = "M", description = "the older tree size (1 or more)")
    long oldSize;

    @Parameters(index = "1", paramLabel = "N", description = "the newer tree size (at most the head)")
    long newSize;

    @Override
    public Integer call() {
        try (EventLog log = openForReading()) {
            ConsistencyProof p = log.consistencyProof(oldSize, newSize);
            Base64.Encoder b64 = Base64.getEncoder();
            List<String> hashes = p.hashes().stream().map(b64::encodeToString).toList();
            if (json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("oldSize", p.oldSize());
                m.put("newSize", p.newSize());
                m.put("oldRoot", b64.encodeToString(p.oldRoot()));
                m.put("newRoot", b64.encodeToString(p.newRoot()));
                m.put("proof", hashes);
                printJson(m);
            } else {
                emit("old " + p.oldSize() + " " + b64.encodeToString(p.oldRoot()));
                emit("new " + p.newSize() + " " + b64.encodeToString(p.newRoot()));
                hashes.forEach(this::emit);
            }
        }
        return ChainlogCli.OK;
    }
}
