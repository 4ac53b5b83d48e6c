package dev.chainlog.api;

/**
 * On open, the stored state contradicts itself in a way recovery cannot explain (for example the recorded head
 * and the newest stored entry disagree). chainlog refuses to patch this silently: run {@code verify} on the log to
 * see what is damaged, and restore from a backup or salvage (see docs/FORMAT.md).
 */
public class CorruptLogException extends StorageException {
    public CorruptLogException(String message) {
        super(message);
    }

    public CorruptLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
