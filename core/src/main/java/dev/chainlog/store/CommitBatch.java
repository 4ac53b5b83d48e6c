package dev.chainlog.store;

import java.util.List;

/**
 * Everything one commit changes, applied by {@link LogStore#commit} atomically: all of it or none of it.
 *
 * @param entries     new entries with consecutive seqs following the stored head (may be empty)
 * @param pruneBefore when &gt; the stored {@code logStartSeq}: remove entries, checksums and index entries of every
 *                    seq below it (a retention cut); 0 or less: no cut
 * @param meta        the new meta; its head and logStartSeq describe the state after this batch
 */
public record CommitBatch(List<NewEntry> entries, long pruneBefore, LogMeta meta) {
    public CommitBatch {
        entries = List.copyOf(entries);
    }
}
