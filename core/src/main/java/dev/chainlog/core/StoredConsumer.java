package dev.chainlog.core;

import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.ConsumerPosition;
import dev.chainlog.api.DurableConsumer;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Page;
import dev.chainlog.api.Snapshot;

import java.util.List;

/**
 * A handle on a durable consumer of a log ({@link DurableConsumer}; docs/DESIGN.md: Durable consumers). The committed
 * position is the store's (read afresh, so every handle and every process sees the same); the fetch position is this
 * handle's alone, and starts at the committed one, checked against the log at the first poll.
 */
final class StoredConsumer implements DurableConsumer {
    private static final long UNCHECKED = -1;

    private final ReadableLog log;
    private final String name;
    /** The seq of the last entry delivered, or {@link #UNCHECKED} before the first poll (or after a rewind). */
    private long fetched = UNCHECKED;

    StoredConsumer(ReadableLog log, String name) {
        this.log = log;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ConsumerPosition committed() {
        return log.consumerPosition(name);
    }

    @Override
    public long fetched() {
        return fetched == UNCHECKED ? committed().seq() : fetched;
    }

    @Override
    public List<Entry> poll(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0, got " + max);
        }
        if (fetched == UNCHECKED) {
            fetched = log.checkedResumePoint(name);
        }
        Page page = log.readStrict(fetched, max);
        List<Entry> entries = page.entries();
        if (!entries.isEmpty()) {
            fetched = entries.get(entries.size() - 1).seq();
        }
        return entries;
    }

    @Override
    public void commit(Entry entry) {
        commit(entry.seq(), entry.hash());
    }

    @Override
    public void commit(long seq, String hash) {
        log.commitConsumer(name, seq, hash);
    }

    @Override
    public List<Entry> appendAndCommit(AppendRequest request, Entry processed) {
        return log.appendAndCommitConsumer(request, name, processed.seq(), processed.hash());
    }

    @Override
    public void holdRetention(long maxEntries) {
        log.holdRetention(name, maxEntries);
    }

    @Override
    public long recover(String snapshotName, java.util.function.Consumer<Snapshot> onSnapshot,
                        java.util.function.Consumer<Entry> onEntry) {
        java.util.Optional<Snapshot> snapshot = log.latestSnapshot(snapshotName);
        long position = log.checkedResumePoint(name);
        snapshot.ifPresent(onSnapshot);
        long at = snapshot.map(Snapshot::seq).orElse(0L);
        while (at < position) {
            Page page = log.readStrict(at, (int) Math.min(1000, position - at));
            if (page.entries().isEmpty()) {
                break;
            }
            for (Entry e : page.entries()) {
                onEntry.accept(e);
                at = e.seq();
            }
        }
        fetched = Math.max(at, position);
        return fetched;
    }

    @Override
    public void rewindToCommitted() {
        fetched = UNCHECKED;
    }

    @Override
    public String toString() {
        return "DurableConsumer{" + name + ", fetched " + fetched() + "}";
    }
}
