package dev.chainlog.cli;

import dev.chainlog.api.CheckpointReport;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON form of a checkpoint audit. */
final class CheckpointJson {
    private CheckpointJson() {
    }

    static Map<String, Object> of(CheckpointReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("firstBadSeq", r.firstBadSeq().isPresent() ? r.firstBadSeq().getAsLong() : null);
        m.put("findings", r.findings().stream().map(f -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("kind", f.kind().name());
            x.put("checkpoint", f.checkpoint() + 1);
            x.put("seq", f.seq());
            x.put("detail", f.detail());
            return x;
        }).toList());
        return m;
    }
}
