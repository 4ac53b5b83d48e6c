package dev.chainlog.api;

/**
 * Where a durable consumer stands: the last entry it committed, named by seq and hash (docs/DESIGN.md: Durable
 * consumers). A new consumer stands at seq 0 (hash: 64 zeros).
 *
 * @param holdEntries 0: retention ignores this consumer; N &gt; 0: retention keeps up to N entries after its position
 */
public record ConsumerPosition(String name, long seq, String hash, long holdEntries) {
}
