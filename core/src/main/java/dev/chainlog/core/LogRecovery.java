package dev.chainlog.core;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.EntryHeader;
import dev.chainlog.chain.Hashes;
import dev.chainlog.chain.MalformedValueException;
import dev.chainlog.store.CommitBatch;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Recovery on open (DESIGN.md §5), the same for every store: read the meta, cross-check it with the newest stored
 * entry, and continue from the recorded head. O(1) in the number of entries: one meta read, one seek-to-last, one
 * value and one checksum read; no scan.
 *
 * <p>The meta and the entries are written in one atomic batch, so after any crash they agree. When they do not,
 * something outside chainlog changed the store; recovery refuses to open rather than guess, because any guess
 * (drop the extra entries, rewind the head) could silently discard or re-number acknowledged entries.
 */
final class LogRecovery {
    private LogRecovery() {
    }

    /** Attempts of a read-only open, 20 ms apart, each after catching up with the writer again. */
    private static final int READ_ONLY_ATTEMPTS = 10;

    static LogMeta recover(LogStore store) {
        if (!store.readOnly()) {
            return recoverOnce(store);
        }
        // Beside a writer, a RocksDB secondary can open between a flush and the MANIFEST that records it, and see no
        // meta or a head whose entries it lacks; a later catch-up sees the writer's state. Only a disagreement that
        // lasts is reported.
        for (int attempt = 1; ; attempt++) {
            try {
                return recoverOnce(store);
            } catch (CorruptLogException e) {
                if (attempt == READ_ONLY_ATTEMPTS) {
                    throw e;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            store.refresh();
        }
    }

    private static LogMeta recoverOnce(LogStore store) {
        LogMeta meta = store.readMeta();
        long last = store.lastStoredSeq();
        if (meta == null) {
            if (last != 0) {
                throw new CorruptLogException("the store holds entries up to seq " + last
                        + " but no chainlog meta: it is not a chainlog log, or its meta was deleted");
            }
            if (store.readOnly()) {
                throw new CorruptLogException("there is no chainlog log here yet (no meta): nothing to read");
            }
            LogMeta initial = LogMeta.initial(UUID.randomUUID().toString());
            store.commit(new CommitBatch(List.of(), 0, initial), true);
            return initial;
        }
        if (meta.formatVersion() > EntryCodec.FORMAT_VERSION) {
            throw new CorruptLogException("the log was written in format version " + meta.formatVersion()
                    + " by a newer chainlog; this version reads format " + EntryCodec.FORMAT_VERSION + " only");
        }
        if (last > meta.headSeq()) {
            throw new CorruptLogException("stored entries reach seq " + last + ", beyond the recorded head "
                    + meta.headSeq() + "; entries were written outside chainlog");
        }
        if (last == 0) {
            if (meta.logStartSeq() != meta.headSeq() + 1) {
                throw new CorruptLogException("the recorded head is seq " + meta.headSeq() + " and entries from seq "
                        + meta.logStartSeq() + " should be retained, but no entry is stored");
            }
            return meta;
        }
        if (last < meta.headSeq()) {
            throw new CorruptLogException("the recorded head is seq " + meta.headSeq() + " but the newest stored entry is seq "
                    + last + ": entries " + (last + 1) + ".." + meta.headSeq() + " are missing");
        }
        byte[] value = store.value(last);
        byte[] hash = Hashes.sha256(value);
        if (!Arrays.equals(hash, meta.headHash())) {
            throw new CorruptLogException("the newest entry, seq " + last + ", hashes to " + Hashes.hex(hash)
                    + " but the recorded head hash is " + Hashes.hex(meta.headHash()));
        }
        if (!Arrays.equals(store.checksum(last), meta.headHash())) {
            throw new CorruptLogException("the checksum stored for the newest entry, seq " + last
                    + ", differs from the recorded head hash");
        }
        try {
            EntryHeader header = EntryCodec.readHeader(value);
            if (header.seq() != last) {
                throw new CorruptLogException("the newest entry is stored under seq " + last + " but says seq " + header.seq());
            }
        } catch (MalformedValueException e) {
            throw new CorruptLogException("the newest entry, seq " + last + ", is unreadable: " + e.getMessage(), e);
        }
        return meta;
    }
}
