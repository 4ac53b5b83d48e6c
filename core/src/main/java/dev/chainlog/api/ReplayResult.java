package dev.chainlog.api;

import java.util.Optional;

/**
 * What {@link EventLog#replay} did: the snapshot it started from (none: from the log's start) and the entries it
 * delivered after it, up to {@code headSeq}.
 */
public record ReplayResult(Optional<Snapshot> snapshot, long entries, long headSeq) {
}
