package dev.chainlog.api;

/**
 * The storage engine failed: an I/O error, a full disk, a folder that cannot be used. When a write fails, no
 * entry of it is acknowledged and no seq is consumed; if the outcome of the write cannot be known, the log
 * refuses further appends until it is reopened (reopening recovers a verified prefix).
 */
public class StorageException extends ChainlogException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
