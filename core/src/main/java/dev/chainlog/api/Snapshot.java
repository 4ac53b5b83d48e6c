package dev.chainlog.api;

/**
 * An application state saved with the log ({@link EventLog#saveSnapshot}): taken after entry {@code seq}, bound to
 * that entry's hash, so it is handed back only while the log still holds that entry unchanged
 * (docs/DESIGN.md: Snapshots).
 *
 * @param state the application's bytes, as saved (a copy)
 */
public record Snapshot(String name, long seq, String hash, byte[] state) {
    public Snapshot {
        state = state.clone();
    }

    @Override
    public byte[] state() {
        return state.clone();
    }
}
