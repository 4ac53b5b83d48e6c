package dev.chainlog.rocksdb;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.LogLockedException;
import dev.chainlog.api.StorageException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

import java.nio.file.Path;

/** Turns RocksDB's errors into chainlog's exceptions, each with a one-line message that says what to do. */
final class RocksErrors {
    private RocksErrors() {
    }

    /** RocksDB's status as one line, e.g. {@code IOError: No space left on device}. */
    static String describe(RocksDBException e) {
        Status s = e.getStatus();
        String text = e.getMessage() == null ? "" : e.getMessage().replace('\n', ' ').trim();
        if (s == null || s.getCode() == null) {
            return text;
        }
        String code = s.getCode().name();
        return text.startsWith(code) ? text : code + ": " + text;
    }

    static boolean isCorruption(RocksDBException e) {
        return e.getStatus() != null && e.getStatus().getCode() == Status.Code.Corruption;
    }

    /** A failed read or write of an open store. */
    static StorageException operation(String what, RocksDBException e) {
        if (isCorruption(e)) {
            return new CorruptLogException(what + " failed, storage is damaged (" + describe(e)
                    + "); run verify --deep, restore from a backup", e);
        }
        return new StorageException(what + " failed: " + describe(e), e);
    }

    /** A failed {@code RocksDB.open}. */
    static StorageException open(Path path, RocksDBException e) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        if (text.contains("LOCK") || text.toLowerCase(java.util.Locale.ROOT).contains("lock hold")) {
            return new LogLockedException("the log at " + path + " is locked by another process (RocksDB: "
                    + describe(e) + ")", e);
        }
        if (isCorruption(e)) {
            return new CorruptLogException("the log at " + path + " is damaged and was not opened (" + describe(e)
                    + "). If its write-ahead log is damaged in the middle, opening with salvage=true keeps the "
                    + "consistent prefix before the damage and drops the rest (docs/STORAGE-ROCKSDB.md); back up the "
                    + "folder first", e);
        }
        return new StorageException("cannot open the log at " + path + ": " + describe(e), e);
    }
}
