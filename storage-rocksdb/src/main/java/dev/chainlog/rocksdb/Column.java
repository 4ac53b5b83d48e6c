package dev.chainlog.rocksdb;

import java.nio.charset.StandardCharsets;

/**
 * The column families of a chainlog log, in the order they are opened (the handle list follows this order).
 * Their names are part of the on-disk format: a folder whose RocksDB lacks them is not a chainlog log.
 */
enum Column {
    /** seq (8-byte BE) → the stored value, the entry's JSON bytes exactly as hashed. */
    ENTRIES("entries"),
    /** seq (8-byte BE) → SHA-256 of the stored value (32 bytes): the chain-checksum column. */
    CHECKSUMS("checksums"),
    /** UTF-8 uuid → seq (8-byte BE). */
    BY_UUID("by_uuid"),
    /** UTF-8 request id, 0x00, seq (8-byte BE) → empty; a batch maps one request id to several seqs. */
    BY_REQUEST("by_request"),
    /** UTF-8 source, 0x00, seq (8-byte BE) → empty. */
    BY_SOURCE("by_source"),
    /** ASCII name → value: the log's bookkeeping ({@link MetaCodec}). */
    META("meta"),
    /**
     * The Merkle tree's stored levels ({@link TreeKeys}): level byte, index (8-byte BE) → 32-byte node hash; and
     * the single key 0x00 → the compact range of the pruned leaves. Added before 0.1.0 (issue 13): a writer's
     * open creates it in an older log, whose tree the core then builds.
     */
    TREE("tree");

    /** RocksDB always has this one; chainlog leaves it empty. */
    static final String DEFAULT = "default";

    final String cfName;

    Column(String cfName) {
        this.cfName = cfName;
    }

    byte[] nameBytes() {
        return cfName.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean isChainlogName(String name) {
        for (Column c : values()) {
            if (c.cfName.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
