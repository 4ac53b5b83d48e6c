package dev.chainlog.core;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.StorageException;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.NewEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns events into chained entries on top of a head (docs/DESIGN.md: Sequence, Tamper evidence): consecutive seqs
 * from the head's, each value naming its predecessor's hash, one {@code ts} per group that never goes below the
 * head's (also when the clock steps back), and a time-ordered uuid for an event that comes without one. The
 * group-commit writer and the disabled backend both chain with it, so the rules cannot drift apart.
 *
 * <p>Not thread-safe: one writer. The chain moves only through {@link #chain}; {@link #begin} restarts it on top of
 * a head (the writer does so per commit group, from the published head, so a group whose commit failed leaves no
 * trace).
 */
public final class EntryChain {
    private final TimeOrderedUuids uuids = new TimeOrderedUuids();
    private long nextSeq = 1;
    private byte[] prev = Hashes.zero();
    private long ts;

    /** Continues from the head {@code (headSeq, headHash, headTs)}, with entries stamped {@code max(now, headTs)}. */
    public void begin(long headSeq, byte[] headHash, long headTs, long nowMicros) {
        this.nextSeq = headSeq + 1;
        this.prev = headHash;
        this.ts = Math.max(nowMicros, headTs);
    }

    /**
     * Chains the events of {@code request}: adds their {@link NewEntry}s to {@code stored} and returns them as
     * entries. {@code requestIdField} is the request's pre-encoded {@code reqId} field, or null.
     *
     * @throws StorageException when the log has no seq left for them (2^62: start a new log)
     */
    public List<Entry> chain(AppendRequest request, byte[] requestIdField, List<NewEntry> stored) {
        if (nextSeq - 1 > EntryCodec.MAX_SEQ - request.events().size()) {
            throw new StorageException("the log has reached its last seq (" + EntryCodec.MAX_SEQ + "); start a new log");
        }
        List<Entry> made = new ArrayList<>(request.events().size());
        for (Event e : request.events()) {
            long seq = nextSeq++;
            String uuid = e.uuid() != null ? e.uuid() : uuids.next(ts).toString();
            byte[] value = EntryCodec.encodeValue(seq, prev, ts, e.encoded(), requestIdField,
                    EntryCodec.stringField("uuid", uuid));
            byte[] hash = Hashes.sha256(value);
            stored.add(new NewEntry(seq, value, hash, uuid, request.requestId(), e.source()));
            made.add(Entry.of(seq, value, hash));
            prev = hash;
        }
        return made;
    }

    /** The seq the next entry gets. */
    public long nextSeq() {
        return nextSeq;
    }

    /** The hash of the last entry chained (the head's when none yet). */
    public byte[] prev() {
        return prev;
    }

    /** The ts entries chained since {@link #begin} carry. */
    public long ts() {
        return ts;
    }
}
