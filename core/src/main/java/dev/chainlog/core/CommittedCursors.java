package dev.chainlog.core;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.store.ConsumerCursor;
import dev.chainlog.store.CursorChanges;
import dev.chainlog.store.LogStore;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable consumers' cursors as the writable log committed them (docs/DESIGN.md: Durable consumers): read from
 * the store once at open, then kept in step by the commit point, which applies each committed batch's cursor changes
 * (and only a committed batch's), in commit order. So a consumer's commit needs no store read to learn its current
 * hold, and retention learns the holds without a scan. A stored cursor that does not decode stays refused.
 */
final class CommittedCursors {
    private final Map<String, ConsumerCursor> cursors = new ConcurrentHashMap<>();
    private final Set<String> undecodable = ConcurrentHashMap.newKeySet();

    CommittedCursors(LogStore store) {
        store.consumerCursors().forEach((name, bytes) -> {
            try {
                cursors.put(name, ConsumerCursor.fromBytes(name, bytes));
            } catch (IllegalArgumentException e) {
                undecodable.add(name);
            }
        });
    }

    /** Consumer {@code name}'s committed cursor (seq 0 when it never committed). */
    ConsumerCursor get(String name) {
        if (undecodable.contains(name)) {
            throw new CorruptLogException("the stored cursor of consumer '" + name + "' does not decode; the consumer "
                    + "is refused rather than reset (delete it to start it again from seq 1)");
        }
        ConsumerCursor c = cursors.get(name);
        return c != null ? c : ConsumerCursor.initial(name, 0);
    }

    Collection<ConsumerCursor> all() {
        return cursors.values();
    }

    /** A batch carrying {@code changes} was committed (the commit point, as the writer). */
    void committed(CursorChanges changes) {
        changes.put().forEach((name, c) -> {
            cursors.put(name, c);
            undecodable.remove(name);
        });
        changes.delete().forEach(name -> {
            cursors.remove(name);
            undecodable.remove(name);
        });
    }
}
