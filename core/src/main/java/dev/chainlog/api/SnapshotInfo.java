package dev.chainlog.api;

/**
 * A stored snapshot and whether it can be used ({@link EventLog#snapshots}).
 *
 * @param status  {@code VALID}: its checksum holds and the log holds its entry with its hash; {@code DAMAGED}: its
 *                bytes do not match their checksum; {@code REWRITTEN}: the log holds another entry there;
 *                {@code PRUNED}: retention removed the entries right after it, so no replay can continue from it
 * @param bytes   the size of the state
 */
public record SnapshotInfo(String name, long seq, String hash, long bytes, Status status) {
    public enum Status { VALID, DAMAGED, REWRITTEN, PRUNED }
}
