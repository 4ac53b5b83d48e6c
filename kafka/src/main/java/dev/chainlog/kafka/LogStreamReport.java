package dev.chainlog.kafka;

import dev.chainlog.api.CheckpointReport;
import dev.chainlog.api.IntegrityReport;

import java.util.List;

/**
 * What the verifying consumer found for one log id in a topic.
 *
 * @param logId             the log id (the records' key)
 * @param partitions        the partitions its records came from (one, unless records were misrouted)
 * @param entries           the entry records: {@code logStartSeq} is the first seq in the topic (a log forwarded
 *                          after retention pruned a prefix starts later), {@code head} the last in order; problems in
 *                          the classes of {@code verify}, plus {@code DUPLICATE}, {@code OUT_OF_ORDER},
 *                          {@code LOG_RESTARTED}
 * @param checkpoints       one finding per checkpoint record
 * @param signaturesChecked false when no trusted key was given: checkpoints were checked against the entries only
 */
public record LogStreamReport(String logId, List<Integer> partitions, IntegrityReport entries,
                              CheckpointReport checkpoints, boolean signaturesChecked) {
    public boolean ok() {
        return entries.ok() && checkpoints.ok() && partitions.size() <= 1;
    }

    /** True when the topic holds the log from seq 1 (a restore needs that). */
    public boolean fromFirstSeq() {
        return entries.checked() == 0 || entries.logStartSeq() == 1;
    }

    public String summary() {
        StringBuilder sb = new StringBuilder("log ").append(logId).append(" (partition");
        sb.append(partitions.size() == 1 ? " " : "s ").append(partitions).append("): ");
        sb.append(entries.summary().replace("pruned by retention", "not in the topic (forwarding began after them)"));
        long cps = checkpoints.findings().size();
        sb.append('\n').append("  checkpoints: ").append(cps).append(checkpoints.ok() ? ", all match" : ", PROBLEMS")
                .append(signaturesChecked ? "" : " (signatures not checked: no trusted key given)");
        checkpoints.findings().stream().filter(f -> f.kind().problem())
                .forEach(f -> sb.append("\n    ").append(f));
        if (partitions.size() > 1) {
            sb.append("\n  PROBLEM: records of this log are in ").append(partitions.size())
                    .append(" partitions: their order across them is not kept");
        }
        return sb.toString();
    }
}
