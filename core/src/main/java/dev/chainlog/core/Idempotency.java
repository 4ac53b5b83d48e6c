package dev.chainlog.core;

import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.RequestIdConflictException;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.LogStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request-id decisions of one commit group (docs/DESIGN.md: Idempotency). A request whose id was applied, and
 * whose entries are all still retained, gets back the entries of that first application — same seqs, same hashes —
 * when its events are the same; another body, or a first application only partly retained, is a
 * {@link RequestIdConflictException}. Two requests with one id in the same group: the second repeats the first.
 *
 * <p>The store is read once per group, before any decision: every request id of the group in one
 * {@link LogStore#seqsOfRequests} call, then the values of all the retained seqs they name in one
 * {@link LogStore#values} call.
 */
final class Idempotency {
    private final Map<String, long[]> retainedSeqs = new HashMap<>();
    private final Map<Long, byte[]> storedValues = new HashMap<>();
    private final Map<String, Task.Append> acceptedInGroup = new HashMap<>();
    private final long visibleStart;

    Idempotency(LogStore store, List<Task.Append> appends, long visibleStart) {
        this.visibleStart = visibleStart;
        Set<String> ids = new LinkedHashSet<>();
        for (Task.Append a : appends) {
            if (a.request.requestId() != null) {
                ids.add(a.request.requestId());
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        List<String> idList = new ArrayList<>(ids);
        List<long[]> seqs = store.seqsOfRequests(idList);
        List<Long> toRead = new ArrayList<>();
        for (int i = 0; i < idList.size(); i++) {
            // Only the retained seqs count. An earlier application of this id was wholly pruned before the id could be
            // applied again (it is forgotten with its entries), so the retained seqs are all from the latest one.
            long[] retained = Arrays.stream(seqs.get(i)).filter(s -> s >= visibleStart).toArray();
            if (retained.length > 0) {
                retainedSeqs.put(idList.get(i), retained);
                Arrays.stream(retained).forEach(toRead::add);
            }
        }
        long[] read = toRead.stream().mapToLong(Long::longValue).toArray();
        List<byte[]> values = store.values(read);
        for (int i = 0; i < read.length; i++) {
            storedValues.put(read[i], values.get(i));
        }
    }

    /**
     * The accepted append of this group that {@code a} repeats (same id, same body), or null.
     *
     * @throws RequestIdConflictException when that append has another body
     */
    Task.Append twinInGroup(Task.Append a) {
        Task.Append twin = acceptedInGroup.get(a.request.requestId());
        if (twin != null && !twin.sameBody(a)) {
            throw new RequestIdConflictException(a.request.requestId(), "is already used, in this commit group, by a "
                    + "request with a different body");
        }
        return twin;
    }

    /**
     * The entries a retry of {@code a}'s id gets back: those of its first application; null when the id is new (or
     * forgotten with its pruned entries).
     *
     * @throws RequestIdConflictException when the id was applied to another body, or is only partly retained
     */
    List<Entry> firstApplication(Task.Append a) {
        String id = a.request.requestId();
        long[] seqs = retainedSeqs.get(id);
        if (seqs == null) {
            return null;
        }
        int expected = a.request.events().size();
        String range = "seqs " + seqs[0] + ".." + seqs[seqs.length - 1];
        if (seqs.length < expected && seqs[0] == visibleStart && visibleStart > 1) {
            throw new RequestIdConflictException(id, "was applied at " + range
                    + " and earlier seqs that retention has pruned; the original result cannot be returned");
        }
        if (seqs.length != expected) {
            throw new RequestIdConflictException(id, "was applied at " + range + " with " + seqs.length
                    + " event(s); this request has " + expected);
        }
        List<Entry> found = new ArrayList<>(seqs.length);
        for (int i = 0; i < seqs.length; i++) {
            Event e = a.request.events().get(i);
            byte[] value = storedValues.get(seqs[i]);
            byte[] uuidField = e.uuid() == null ? null : EntryCodec.stringField("uuid", e.uuid());
            if (value == null || !EntryCodec.sameEvent(value, e.encoded(), a.requestIdField, uuidField)) {
                throw new RequestIdConflictException(id, "was applied at " + range + " to a different body "
                        + "(event " + i + " differs in kind, source, uuid, meta or payload)");
            }
            found.add(Entry.of(seqs[i], value, Hashes.sha256(value)));
        }
        return found;
    }

    /** {@code a} was accepted in this group: a later request with its id repeats it. */
    void accepted(Task.Append a) {
        if (a.request.requestId() != null) {
            acceptedInGroup.put(a.request.requestId(), a);
        }
    }
}
