package dev.chainlog.store;

import java.util.List;
import java.util.Map;

/**
 * Everything one commit changes, applied by {@link LogStore#commit} atomically: all of it or none of it.
 *
 * @param entries new entries with consecutive seqs following the stored head (may be empty), none below the cut's
 *                new start. None has the uuid of an entry that stays stored after this batch: a uuid is taken while
 *                its entry is stored, so a store may drop the uuid index entries of the entries it prunes without
 *                reading them (a new entry that takes over the uuid of an entry this batch cuts wins)
 * @param cut     a retention cut prepared by {@link LogStore#prepareCut} (its entries, checksums and index entries
 *                go, and it is closed by the commit), or null
 * @param meta    the new meta; its head and logStartSeq describe the state after this batch
 * @param notes   named notes to store (replacing any of the same name) with the batch, e.g. the signed checkpoint
 *                of this very state (see {@link LogStore#note})
 */
public record CommitBatch(List<NewEntry> entries, PreparedCut cut, LogMeta meta, Map<String, byte[]> notes) {
    public CommitBatch {
        entries = List.copyOf(entries);
        notes = Map.copyOf(notes);
    }

    /** Entries (or none) and the meta, without a cut or notes. */
    public CommitBatch(List<NewEntry> entries, LogMeta meta) {
        this(entries, null, meta, Map.of());
    }
}
