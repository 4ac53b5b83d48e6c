package dev.chainlog.core;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.DuplicateUuidException;
import dev.chainlog.api.Event;
import dev.chainlog.store.LogStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The uuid decisions of one commit group (docs/DESIGN.md: Unique uuids): a caller's uuid is unique among stored
 * entries. It is taken while its entry is <em>stored</em>, not merely visible — also below the log start, until the
 * store has removed the pruned entry — so a stored entry's uuid is always indexed to it, and a retention cut's
 * cleanup may delete the index keys of the entries it removes unread.
 *
 * <p>The store is read once per group, before any decision: every caller uuid of the group in one
 * {@link LogStore#seqsOfUuids} call, and for the uuids found, whether their entries are still stored, in one
 * {@link LogStore#values} call. Generated uuids are never looked up: they are time-ordered and unguessable
 * ({@link TimeOrderedUuids}).
 */
final class UuidUniqueness {
    private final long storedStart;
    /** Caller uuids of the group taken by a stored entry, with that entry's seq. */
    private final Map<String, Long> takenByStored = new HashMap<>();
    /** Caller uuids taken by an append accepted earlier in the group, with the seq its entry got. */
    private final Map<String, Long> takenInGroup = new HashMap<>();

    UuidUniqueness(LogStore store, List<Task.Append> appends, long storedStart) {
        this.storedStart = storedStart;
        Set<String> uuids = new LinkedHashSet<>();
        for (Task.Append a : appends) {
            for (Event e : a.request.events()) {
                if (e.uuid() != null) {
                    uuids.add(e.uuid());
                }
            }
        }
        if (uuids.isEmpty()) {
            return;
        }
        List<String> list = new ArrayList<>(uuids);
        long[] seqs = store.seqsOfUuids(list);
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < seqs.length; i++) {
            if (seqs[i] > 0) { // below the log start too: a pruned entry still stored keeps its uuid (see above)
                hits.add(i);
            }
        }
        if (hits.isEmpty()) {
            return;
        }
        long[] hitSeqs = hits.stream().mapToLong(i -> seqs[i]).toArray();
        List<byte[]> values = store.values(hitSeqs);
        for (int h = 0; h < hitSeqs.length; h++) {
            if (values.get(h) != null) {
                takenByStored.put(list.get(hits.get(h)), hitSeqs[h]);
            }
        }
    }

    /** @throws DuplicateUuidException when a caller uuid of {@code request} is taken, or repeated within it */
    void check(AppendRequest request) {
        Set<String> mine = new HashSet<>();
        for (Event e : request.events()) {
            String u = e.uuid();
            if (u == null) {
                continue;
            }
            if (!mine.add(u)) {
                throw new DuplicateUuidException(u, "twice in this batch");
            }
            Long inGroup = takenInGroup.get(u);
            if (inGroup != null) {
                throw new DuplicateUuidException(u, "by the entry at seq " + inGroup
                        + ", appended together with this one");
            }
            Long seq = takenByStored.get(u);
            if (seq != null) {
                throw new DuplicateUuidException(u, "by the entry at seq " + seq + (seq < storedStart
                        ? " (pruned: the uuid is free once the store has removed that entry)" : ""));
            }
        }
    }

    /** {@code request} was accepted in this group, its events from {@code firstSeq} on: their uuids are taken. */
    void accepted(AppendRequest request, long firstSeq) {
        List<Event> events = request.events();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).uuid() != null) {
                takenInGroup.put(events.get(i).uuid(), firstSeq + i);
            }
        }
    }
}
