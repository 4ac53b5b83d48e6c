package dev.chainlog.api;

/** The classes of damage {@link EventLog#verify()} tells apart (docs/DESIGN.md: Tamper evidence). */
public enum ProblemKind {
    /** The stored value changed: its hash no longer matches the checksum column nor the next entry's prev. */
    CONTENT_CHANGED,
    /** The checksum column disagrees with the value, which the chain still vouches for (or the checksum is missing). */
    CHECKSUM_MISMATCH,
    /** An entry's prev does not name the hash of the entry before it. */
    CHAIN_BREAK,
    /** Seqs are missing inside the retained range (not pruned by retention). */
    SEQUENCE_GAP,
    /** The value stored under key N says it is a different seq (entries moved or swapped). */
    SEQ_KEY_MISMATCH,
    /** The value cannot be decoded as an entry. */
    UNREADABLE_VALUE,
    /** Entries are missing at the end: the log ends before the recorded or pinned head. */
    TRUNCATED,
    /**
     * The entry at the recorded or pinned head has a different hash (history was rewritten or forked), entries are
     * stored beyond the recorded head (written outside chainlog), or a pinned head names no possible log.
     */
    HEAD_MISMATCH,
    /**
     * A stored node of the Merkle tree differs from the one its entries make (or is missing), or the tree's pruned
     * range does not fit the log's start: roots and proofs would be wrong (docs/FORMAT.md §9b).
     */
    TREE_MISMATCH,
    /** The storage engine's own checks (block checksums) failed; found by a deep verify. */
    STORAGE_CORRUPTION,
    /**
     * A stream of a log's entries (a Kafka topic: chainlog-kafka's verifying consumer) holds a seq again, with the
     * same hash: a replayed or duplicated record. (The same seq with another hash is {@link #CONTENT_CHANGED}.)
     */
    DUPLICATE,
    /** A stream of a log's entries delivers a seq after a later one: the records were reordered. */
    OUT_OF_ORDER,
    /**
     * A stream of a log's entries starts again at seq 1, with another entry, after it had gone further: a new log
     * reuses the log id, or the log was rebuilt from nothing.
     */
    LOG_RESTARTED
}
