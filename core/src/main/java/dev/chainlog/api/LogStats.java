package dev.chainlog.api;

/**
 * Counts of the retained log. Timestamps are epoch microseconds; 0 when the log holds no entry.
 *
 * @param count       retained entries
 * @param logStartSeq the first retained seq (head + 1 when nothing is retained)
 * @param firstSeq    seq of the oldest retained entry, 0 if none
 * @param lastSeq     seq of the newest entry ever appended (the head), 0 if none
 * @param firstTs     ts of the oldest retained entry
 * @param lastTs      ts of the newest entry
 * @param appended    entries appended through this handle since it was opened
 * @param backend     the backend's name
 * @param queued      appends and writer actions queued and not yet taken by the writer (0 for a read-only log)
 * @param reclaimedBytes bytes of table files the store gave back after retention cuts since it was opened (0 where
 *                    the store does not measure it)
 */
public record LogStats(long count, long logStartSeq, long firstSeq, long lastSeq, long firstTs, long lastTs,
                       long appended, String backend, long queued, long reclaimedBytes) {
}
