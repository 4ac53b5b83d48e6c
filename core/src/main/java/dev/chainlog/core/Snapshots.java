package dev.chainlog.core;

import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.Snapshot;
import dev.chainlog.api.SnapshotInfo;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.ConsumerCursor;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Application snapshots kept with the log (docs/DESIGN.md: Snapshots): a state taken after entry {@code seq}, bound
 * to that entry's hash and checksummed, so a replay starts only from a snapshot of the log as it still is.
 *
 * <pre>
 * stored value : version byte 1, hash of entry seq (32 bytes), SHA-256 of the state (32 bytes), the state
 * key          : (name, seq), the store's (rocksdb: meta column, snapshot/NAME 0x00 seq)
 * </pre>
 *
 * <p>A save writes the new snapshot and removes the name's oldest beyond {@code keep} in one synced store write; it
 * needs no writer, for it changes nothing the log's commits write. Whether a stored snapshot can be used is decided
 * when it is read, against the log of that moment: its checksum, the entry it is bound to, and the entries after it.
 */
final class Snapshots {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 32 + 32;
    /** The largest state accepted: a snapshot is one store value. */
    static final int MAX_STATE_BYTES = 256 << 20;

    /** The log's view the snapshots are judged against. */
    interface View {
        LogMeta meta();

        /** The first seq readers may see. */
        long visibleStart(LogMeta meta);

        /** The hash of entry {@code seq} as the log knows it, or null when retention removed it. */
        byte[] hashAt(long seq, LogMeta meta);
    }

    private final LogStore store;
    private final View log;

    Snapshots(LogStore store, View log) {
        this.store = store;
        this.log = log;
    }

    Snapshot save(String name, long seq, byte[] state, int keep) {
        ConsumerCursor.requireName(name);
        if (state == null || state.length > MAX_STATE_BYTES) {
            throw new IllegalArgumentException("a snapshot's state is 0 to " + MAX_STATE_BYTES + " bytes, got "
                    + (state == null ? "null" : state.length));
        }
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least 1 snapshot, got " + keep);
        }
        LogMeta m = log.meta();
        if (seq < 0 || seq > m.headSeq()) {
            throw new IllegalArgumentException("a snapshot is taken after an entry of the log: seq 0 to the head "
                    + m.headSeq() + ", got " + seq);
        }
        byte[] hash = log.hashAt(seq, m);
        if (hash == null) {
            throw new CursorExpiredException("a snapshot after seq " + seq + " cannot be bound to its entry: retention "
                    + "removed it (the log starts at " + m.logStartSeq() + ")", seq, m.logStartSeq());
        }
        TreeSet<Long> others = new TreeSet<>(); // the saved one stays, with the newest keep - 1 of the others
        for (long s : store.snapshotSeqs(name)) {
            if (s != seq) {
                others.add(s);
            }
        }
        List<Long> remove = new ArrayList<>();
        int kept = 1;
        for (long s : others.descendingSet()) {
            if (++kept > keep) {
                remove.add(s);
            }
        }
        byte[] stateHash = Hashes.sha256(state);
        byte[] value = ByteBuffer.allocate(HEADER + state.length).put(VERSION).put(hash).put(stateHash).put(state).array();
        store.putSnapshot(name, seq, value, remove.stream().mapToLong(Long::longValue).toArray());
        return new Snapshot(name, seq, Hashes.hex(hash), state);
    }

    List<SnapshotInfo> list(String name) {
        ConsumerCursor.requireName(name);
        LogMeta m = log.meta();
        List<SnapshotInfo> out = new ArrayList<>();
        for (long seq : store.snapshotSeqs(name)) {
            byte[] value = store.snapshot(name, seq);
            if (value != null) {
                out.add(judge(name, seq, value, m).info);
            }
        }
        return out;
    }

    Optional<Snapshot> latest(String name) {
        ConsumerCursor.requireName(name);
        LogMeta m = log.meta();
        long[] seqs = store.snapshotSeqs(name);
        for (int i = seqs.length - 1; i >= 0; i--) {
            byte[] value = store.snapshot(name, seqs[i]);
            if (value == null) {
                continue;
            }
            Judged j = judge(name, seqs[i], value, m);
            if (j.info.status() == SnapshotInfo.Status.VALID) {
                return Optional.of(j.snapshot);
            }
            LOG.warn("chainlog: snapshot {} after seq {} is {}; trying an older one", name, seqs[i], j.info.status());
        }
        return Optional.empty();
    }

    private record Judged(SnapshotInfo info, Snapshot snapshot) {
    }

    private Judged judge(String name, long seq, byte[] value, LogMeta m) {
        if (value.length < HEADER || value[0] != VERSION) {
            return new Judged(new SnapshotInfo(name, seq, "", value.length, SnapshotInfo.Status.DAMAGED), null);
        }
        byte[] bound = Arrays.copyOfRange(value, 1, 33);
        byte[] stateHash = Arrays.copyOfRange(value, 33, HEADER);
        byte[] state = Arrays.copyOfRange(value, HEADER, value.length);
        String hex = Hashes.hex(bound);
        SnapshotInfo.Status status;
        if (!Arrays.equals(Hashes.sha256(state), stateHash)) {
            status = SnapshotInfo.Status.DAMAGED;
        } else if (seq + 1 < log.visibleStart(m)) {
            status = SnapshotInfo.Status.PRUNED;
        } else {
            byte[] actual = log.hashAt(seq, m);
            status = actual == null ? SnapshotInfo.Status.PRUNED
                    : Arrays.equals(actual, bound) ? SnapshotInfo.Status.VALID : SnapshotInfo.Status.REWRITTEN;
        }
        return new Judged(new SnapshotInfo(name, seq, hex, state.length, status),
                status == SnapshotInfo.Status.VALID ? new Snapshot(name, seq, hex, state) : null);
    }
}
