package dev.chainlog.kafka;

import dev.chainlog.api.Problem;

import java.util.List;

/**
 * What the verifying consumer found in a topic: one report per log id, in log id order, and the records that
 * belong to no log (no key).
 *
 * @param records the records read
 */
public record TopicReport(String topic, long records, List<LogStreamReport> logs, List<Problem> unattributed) {
    public TopicReport {
        logs = List.copyOf(logs);
        unattributed = List.copyOf(unattributed);
    }

    public boolean ok() {
        return unattributed.isEmpty() && logs.stream().allMatch(LogStreamReport::ok);
    }

    public java.util.Optional<LogStreamReport> log(String logId) {
        return logs.stream().filter(l -> l.logId().equals(logId)).findFirst();
    }

    public String summary() {
        StringBuilder sb = new StringBuilder(ok() ? "OK" : "FAILED").append(": topic ").append(topic).append(", ")
                .append(records).append(" records, ").append(logs.size()).append(" log(s)");
        for (LogStreamReport log : logs) {
            sb.append('\n').append(log.summary());
        }
        for (Problem p : unattributed) {
            sb.append("\n").append(p);
        }
        return sb.toString();
    }
}
