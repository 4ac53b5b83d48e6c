package dev.chainlog.core;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.EntryHeader;
import dev.chainlog.chain.Hashes;
import dev.chainlog.chain.MalformedValueException;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;

import java.util.Arrays;

/**
 * Recovery on open (docs/DESIGN.md: Recovery), the same for every store: read the meta, cross-check it with the newest
 * stored
 * entry, and continue from the recorded head. O(1) in the number of entries: one meta read, one seek-to-last, one
 * value and one checksum read; no scan.
 *
 * <p>The meta and the entries are written in one atomic batch, so after any crash they agree. When they do not,
 * something outside chainlog changed the store. A writer then refuses to open rather than guess, because any guess
 * (drop the extra entries, rewind the head) could silently discard or re-number acknowledged entries. An
 * inspection (a read-only open: verify, export, reads) opens anyway and keeps the disagreement: verify reports it
 * as a classified problem, and nothing that would vouch for the log (a checkpoint) is signed.
 */
final class LogRecovery {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LogRecovery.class);

    private LogRecovery() {
    }

    /** What recovery found: the meta to continue from, and why its head disagrees with the store (null: it agrees). */
    private record Recovered(LogMeta meta, String headDisagreement) {
    }

    /** Attempts of a read-only open, 20 ms apart, each after catching up with the writer again. */
    private static final int READ_ONLY_ATTEMPTS = 10;

    /**
     * @return the meta to continue from, or null for a new, empty store (the writer's open commits its first meta)
     * @param inspecting true for a read-only open, which tolerates a head that disagrees with the store
     * @throws CorruptLogException for a writer when the head disagrees, and for anyone when the store is not a
     *                             chainlog log at all (entries without meta, a newer format)
     */
    static LogMeta recover(LogStore store, boolean inspecting) {
        Recovered r;
        // Beside a writer, a RocksDB secondary can open between a flush and the MANIFEST that records it, and see no
        // meta, part of it, or a head whose entries it lacks; a later catch-up sees the writer's state. Only what
        // lasts through every attempt counts.
        for (int attempt = 1; ; attempt++) {
            boolean last = !store.readOnly() || attempt == READ_ONLY_ATTEMPTS;
            try {
                r = recoverOnce(store);
                if (r.headDisagreement() == null || last) {
                    break;
                }
            } catch (CorruptLogException e) {
                if (last) {
                    throw e;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            store.refresh();
        }
        if (r.headDisagreement() != null) {
            if (!inspecting) {
                throw new CorruptLogException(r.headDisagreement() + ". The log was changed outside chainlog and is "
                        + "not opened for writing: verify reports the damage (a read-only open works: chainlog verify), "
                        + "and chainlog salvage copies its intact entries into a new log");
            }
            LOG.warn("chainlog: opened a damaged log for inspection only ({}); verify reports it", r.headDisagreement());
        }
        return r.meta();
    }

    private static Recovered recoverOnce(LogStore store) {
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
            return new Recovered(null, null); // a new log: its opener commits the first meta
        }
        if (meta.formatVersion() > EntryCodec.FORMAT_VERSION) {
            throw new CorruptLogException("the log was written in format version " + meta.formatVersion()
                    + " by a newer chainlog; this version reads format " + EntryCodec.FORMAT_VERSION + " only");
        }
        return new Recovered(meta, headDisagreement(store, meta, last));
    }

    /**
     * The same cross-check as on open, for a meta read now: why its head disagrees with the newest stored entry, or
     * null. The caller makes sure no commit lands between the two reads.
     */
    static String headDisagreement(LogStore store, LogMeta meta) {
        return headDisagreement(store, meta, store.lastStoredSeq());
    }

    /** Why the recorded head and the newest stored entry disagree, naming both sides; null when they agree. */
    private static String headDisagreement(LogStore store, LogMeta meta, long last) {
        long head = meta.headSeq();
        if (last > head) {
            return "stored entries reach seq " + last + ", beyond the recorded head " + head
                    + ": entries were written outside chainlog";
        }
        if (last == 0) {
            return meta.logStartSeq() == head + 1 ? null : "the recorded head is seq " + head + " and entries from seq "
                    + meta.logStartSeq() + " should be retained, but no entry is stored";
        }
        if (last < head) {
            return "the recorded head is seq " + head + " but the newest stored entry is seq " + last + ": entries "
                    + (last + 1) + ".." + head + " are missing";
        }
        byte[] value = store.value(last);
        if (value == null) {
            return "the newest stored entry, seq " + last + ", cannot be read back";
        }
        byte[] hash = Hashes.sha256(value);
        if (!Arrays.equals(hash, meta.headHash())) {
            return "the newest entry, seq " + last + ", hashes to " + Hashes.hex(hash) + " but the recorded head hash is "
                    + Hashes.hex(meta.headHash());
        }
        if (!Arrays.equals(store.checksum(last), meta.headHash())) {
            return "the checksum stored for the newest entry, seq " + last + ", differs from the recorded head hash";
        }
        try {
            EntryHeader header = EntryCodec.readHeader(value);
            if (header.seq() != last) {
                return "the newest entry is stored under seq " + last + " but says seq " + header.seq();
            }
        } catch (MalformedValueException e) {
            return "the newest entry, seq " + last + ", is unreadable: " + e.getMessage();
        }
        return null;
    }
}
