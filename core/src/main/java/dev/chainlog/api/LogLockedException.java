package dev.chainlog.api;

/**
 * The log is open for writing elsewhere: by another process (RocksDB's lock), or already in this one. A log has
 * one writer at a time; a read-only open works beside it ({@link EventLogs#openReadOnly}).
 */
public class LogLockedException extends StorageException {
    public LogLockedException(String message) {
        super(message);
    }

    public LogLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
