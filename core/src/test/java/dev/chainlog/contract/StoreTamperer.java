package dev.chainlog.contract;

import dev.chainlog.store.LogMeta;

/**
 * Raw write access to a store behind the log's back: how the contract tests simulate an attacker or a disk that
 * changes stored bytes. Each backend's test provides one over its own storage API.
 */
public interface StoreTamperer {
    void putValue(long seq, byte[] value);

    void putChecksum(long seq, byte[] checksum);

    /** Deletes the entry under {@code seq}; with {@code checksumToo} also its checksum. */
    void delete(long seq, boolean checksumToo);

    void putMeta(LogMeta meta);

    /** Overwrites (or adds) the stored snapshot of {@code name} at {@code seq} with raw bytes. */
    void putSnapshot(String name, long seq, byte[] stored);

    /** The stored snapshot's raw bytes. */
    byte[] snapshot(String name, long seq);

    /** Overwrites (or adds) the stored tree node at {@code level} (a stored level) and {@code index}. */
    void putTreeNode(int level, long index, byte[] hash);

    LogMeta meta();
}
