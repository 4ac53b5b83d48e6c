package dev.chainlog.store;

import java.util.List;
import java.util.Map;

/**
 * Everything one commit changes, applied by {@link LogStore#commit} atomically: all of it or none of it.
 *
 * @param entries     new entries with consecutive seqs following the stored head (may be empty). None has the uuid
 *                    of an entry that stays stored after this batch: a uuid is taken while its entry is stored, so
 *                    a store may drop the uuid index entries of the entries it prunes without reading them
 * @param pruneBefore when &gt; the stored {@code logStartSeq}: remove entries, checksums and index entries of every
 *                    seq below it (a retention cut); 0 or less: no cut
 * @param meta        the new meta; its head and logStartSeq describe the state after this batch
 * @param notes       named notes to store (replacing any of the same name) with the batch, e.g. the signed
 *                    checkpoint of this very state (see {@link LogStore#note})
 */
public record CommitBatch(List<NewEntry> entries, long pruneBefore, LogMeta meta, Map<String, byte[]> notes) {
    public CommitBatch {
        entries = List.copyOf(entries);
        notes = Map.copyOf(notes);
    }

    public CommitBatch(List<NewEntry> entries, long pruneBefore, LogMeta meta) {
        this(entries, pruneBefore, meta, Map.of());
    }
}
