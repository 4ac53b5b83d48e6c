package dev.chainlog.store;

/**
 * An entry to store, with what the indexes need. Arrays are handed over, not copied.
 *
 * @param seq       key in the entries column
 * @param value     the stored value (see {@link dev.chainlog.chain.EntryCodec})
 * @param hash      SHA-256 of {@code value}: the checksum column's value
 * @param uuid      the by_uuid index key
 * @param requestId the by_request index key, or null
 * @param source    the by_source index key, or null
 */
public record NewEntry(long seq, byte[] value, byte[] hash, String uuid, String requestId, String source) {
}
