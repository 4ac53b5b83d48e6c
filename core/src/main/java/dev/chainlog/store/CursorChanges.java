package dev.chainlog.store;

import java.util.Map;
import java.util.Set;

/**
 * The durable consumers' cursors a {@link CommitBatch} writes ({@code put}, replacing any of the same name) or
 * removes ({@code delete}), atomically with the rest of the batch: a consumer's commit is on the log's own commit
 * path, and an append can move a cursor in the same write as its entries.
 */
public record CursorChanges(Map<String, ConsumerCursor> put, Set<String> delete) {
    public static final CursorChanges NONE = new CursorChanges(Map.of(), Set.of());

    public CursorChanges {
        put = Map.copyOf(put);
        delete = Set.copyOf(delete);
        for (Map.Entry<String, ConsumerCursor> e : put.entrySet()) {
            if (!e.getKey().equals(e.getValue().name()) || delete.contains(e.getKey())) {
                throw new IllegalArgumentException("cursor changes name each consumer once, under its own name");
            }
        }
    }

    public static CursorChanges put(ConsumerCursor cursor) {
        return new CursorChanges(Map.of(cursor.name(), cursor), Set.of());
    }

    public static CursorChanges delete(String name) {
        return new CursorChanges(Map.of(), Set.of(name));
    }

    public boolean isEmpty() {
        return put.isEmpty() && delete.isEmpty();
    }
}
