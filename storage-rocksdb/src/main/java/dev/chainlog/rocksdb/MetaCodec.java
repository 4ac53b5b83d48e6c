package dev.chainlog.rocksdb;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.LogMeta;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The {@code meta} column family, layout {@value #LAYOUT_VERSION}: ASCII key names, fixed-width big-endian numbers.
 *
 * <pre>
 * key              value                                          LogMeta field(s)
 * format_version   int32 BE                                       formatVersion (stored-value format, EntryCodec)
 * log_id           UTF-8                                          logId
 * rocksdb_layout   int32 BE = {@value #LAYOUT_VERSION}                                (this module's layout)
 * head             48 bytes: int64 BE seq | 32-byte hash | int64 BE ts   headSeq, headHash, headTs
 * log_start        40 bytes: int64 BE seq | 32-byte prev hash            logStartSeq, logStartPrev
 * note/NAME        the note's bytes                               a named note of CommitBatch.notes()
 * consumer/NAME    ConsumerCursor.toBytes() (49 bytes)            a durable consumer's cursor (CommitBatch.cursors())
 * snapshot/NAME 0x00 SEQ(8 BE)  core.Snapshots' stored snapshot       an application snapshot taken after entry SEQ
 * reclaim          32 bytes, {@link ReclaimMark}                  (none: the space reclaim of retention cuts)
 * </pre>
 *
 * <p>Invariant: a commit writes, in the same WriteBatch as the entries they describe, every key whose value it
 * changes, so the meta always describes exactly the stored entries (docs/DESIGN.md: Prefix after crash). Which keys change is known to
 * the single writer ({@link #writeChanges}): {@code head} on every commit with entries, {@code log_start} on a
 * retention cut, the three constant keys on the first commit only. Why packed: the hot path of a one-entry append
 * is the number of keys its batch inserts; layout 1 wrote eight meta keys per commit.
 *
 * <p>Layout 1 (one key per field: {@code head_seq}, {@code head_hash}, {@code head_ts}, {@code log_start_seq},
 * {@code log_start_prev}) is still read; a writer rewrites it to this layout when it opens the log ({@link
 * #migrateFromLayout1}). A meta with some keys missing or a value of the wrong width was not written by chainlog
 * and is reported as corruption, never repaired.
 */
final class MetaCodec {
    /** Bump when the column families or key encodings change; a newer layout refuses to open. */
    static final int LAYOUT_VERSION = 2;

    static final String FORMAT_VERSION = "format_version";
    static final String LOG_ID = "log_id";
    static final String LAYOUT = "rocksdb_layout";
    static final String HEAD = "head";
    static final String LOG_START = "log_start";

    /** Layout 1's per-field keys, read for logs written before layout 2. */
    static final String V1_HEAD_SEQ = "head_seq";
    static final String V1_HEAD_HASH = "head_hash";
    static final String V1_HEAD_TS = "head_ts";
    static final String V1_LOG_START_SEQ = "log_start_seq";
    static final String V1_LOG_START_PREV = "log_start_prev";

    private static final int HEAD_LENGTH = 8 + Hashes.LENGTH + 8;
    private static final int LOG_START_LENGTH = 8 + Hashes.LENGTH;

    /** Every key {@link #decode} reads, in order: layout 2's, then layout 1's. */
    private static final List<String> READ_KEYS = List.of(FORMAT_VERSION, LOG_ID, HEAD, LOG_START,
            V1_HEAD_SEQ, V1_HEAD_HASH, V1_HEAD_TS, V1_LOG_START_SEQ, V1_LOG_START_PREV);
    private static final List<byte[]> READ_KEY_BYTES = READ_KEYS.stream().map(MetaCodec::key).toList();

    private static final byte[] FORMAT_VERSION_KEY = key(FORMAT_VERSION);
    private static final byte[] LOG_ID_KEY = key(LOG_ID);
    private static final byte[] LAYOUT_KEY = key(LAYOUT);
    private static final byte[] HEAD_KEY = key(HEAD);
    private static final byte[] LOG_START_KEY = key(LOG_START);

    private MetaCodec() {
    }

    /**
     * Adds to {@code batch} the keys needed to turn the stored meta {@code stored} (null: nothing stored yet) into
     * {@code next}. Only the single writer calls this, with the meta its previous commit wrote.
     */
    static void writeChanges(BatchWrites batch, ColumnFamilyHandle meta, LogMeta stored, LogMeta next)
            throws RocksDBException {
        if (stored == null || stored.formatVersion() != next.formatVersion() || !stored.logId().equals(next.logId())) {
            batch.put(meta, FORMAT_VERSION_KEY, int32(next.formatVersion()));
            batch.put(meta, LOG_ID_KEY, next.logId().getBytes(StandardCharsets.UTF_8));
            batch.put(meta, LAYOUT_KEY, int32(LAYOUT_VERSION));
        }
        if (stored == null || stored.headSeq() != next.headSeq() || stored.headTs() != next.headTs()
                || !Arrays.equals(stored.headHash(), next.headHash())) {
            batch.put(meta, HEAD_KEY, head(next));
        }
        if (stored == null || stored.logStartSeq() != next.logStartSeq()
                || !Arrays.equals(stored.logStartPrev(), next.logStartPrev())) {
            batch.put(meta, LOG_START_KEY, logStart(next));
        }
    }

    /** Adds every meta key of {@code m} (a full rewrite). */
    static void writeAll(WriteBatch batch, ColumnFamilyHandle meta, LogMeta m) throws RocksDBException {
        writeChanges(BatchWrites.of(batch), meta, null, m);
    }

    /** Rewrites a layout-1 meta as layout 2 in {@code batch}: the packed keys replace the per-field ones. */
    static void migrateFromLayout1(WriteBatch batch, ColumnFamilyHandle meta, LogMeta m) throws RocksDBException {
        writeAll(batch, meta, m);
        for (String old : List.of(V1_HEAD_SEQ, V1_HEAD_HASH, V1_HEAD_TS, V1_LOG_START_SEQ, V1_LOG_START_PREV)) {
            batch.delete(meta, key(old));
        }
    }

    /**
     * Reads the meta from the {@code meta} column family (one multi-get) and decodes it ({@link #decode}); a failed
     * read is a {@link dev.chainlog.api.StorageException} ({@link RocksErrors#operation}). Called inside the store's
     * guard, or while the store is being opened.
     */
    static LogMeta read(RocksDB db, ColumnFamilyHandle meta) {
        try {
            return decode(db.multiGetAsList(Collections.nCopies(READ_KEY_BYTES.size(), meta), READ_KEY_BYTES));
        } catch (RocksDBException e) {
            throw RocksErrors.operation("reading the log's meta", e);
        }
    }

    /**
     * Decodes the values read for {@link #READ_KEYS} (nulls where absent): null when every key is absent (a
     * store never committed to), otherwise the meta, or a {@link CorruptLogException} naming what is wrong.
     */
    static LogMeta decode(List<byte[]> values) {
        if (values.stream().allMatch(v -> v == null)) {
            return null;
        }
        boolean layout2 = values.get(2) != null || values.get(3) != null;
        List<String> needed = layout2 ? List.of(FORMAT_VERSION, LOG_ID, HEAD, LOG_START)
                : List.of(FORMAT_VERSION, LOG_ID, V1_HEAD_SEQ, V1_HEAD_HASH, V1_HEAD_TS, V1_LOG_START_SEQ,
                V1_LOG_START_PREV);
        List<String> missing = new ArrayList<>();
        for (String name : needed) {
            if (values.get(READ_KEYS.indexOf(name)) == null) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new CorruptLogException("the log's meta is incomplete (missing " + String.join(", ", missing)
                    + "): it was not written by chainlog");
        }
        try {
            int format = readInt32(FORMAT_VERSION, values.get(0));
            String logId = new String(values.get(1), StandardCharsets.UTF_8);
            if (layout2) {
                ByteBuffer head = fixed(HEAD, values.get(2), HEAD_LENGTH);
                ByteBuffer start = fixed(LOG_START, values.get(3), LOG_START_LENGTH);
                long headSeq = head.getLong();
                byte[] headHash = new byte[Hashes.LENGTH];
                head.get(headHash);
                long headTs = head.getLong();
                long startSeq = start.getLong();
                byte[] startPrev = new byte[Hashes.LENGTH];
                start.get(startPrev);
                return new LogMeta(format, logId, headSeq, headHash, headTs, startSeq, startPrev);
            }
            return new LogMeta(format, logId,
                    readInt64(V1_HEAD_SEQ, values.get(4)),
                    hash(V1_HEAD_HASH, values.get(5)),
                    readInt64(V1_HEAD_TS, values.get(6)),
                    readInt64(V1_LOG_START_SEQ, values.get(7)),
                    hash(V1_LOG_START_PREV, values.get(8)));
        } catch (IllegalArgumentException e) {
            throw new CorruptLogException("the log's meta is inconsistent: " + e.getMessage(), e);
        }
    }

    /** The layout version stored in {@code value} (null: a log created before the key existed, i.e. 1). */
    static int layout(byte[] value) {
        return value == null ? 1 : readInt32(LAYOUT, value);
    }

    /** The key of a durable consumer's cursor ({@code consumer/} + UTF-8 name). */
    static byte[] cursorKey(String name) {
        return ("consumer/" + name).getBytes(StandardCharsets.UTF_8);
    }

    /** The common prefix of {@link #cursorKey} keys, and the key just past them. */
    static final byte[] CURSOR_PREFIX = "consumer/".getBytes(StandardCharsets.UTF_8);
    static final byte[] CURSOR_END = "consumer0".getBytes(StandardCharsets.UTF_8);

    /** The key of a snapshot: {@code snapshot/} + UTF-8 name + 0x00 + seq (8 bytes BE), so a name's are one range. */
    static byte[] snapshotKey(String name, long seq) {
        byte[] prefix = snapshotPrefix(name);
        byte[] k = java.util.Arrays.copyOf(prefix, prefix.length + 8);
        for (int i = 0; i < 8; i++) {
            k[prefix.length + i] = (byte) (seq >>> (56 - 8 * i));
        }
        return k;
    }

    /** {@code snapshot/} + UTF-8 name + 0x00: every snapshot key of that name starts so. */
    static byte[] snapshotPrefix(String name) {
        return ("snapshot/" + name + "\0").getBytes(StandardCharsets.UTF_8);
    }

    static final byte[] SNAPSHOT_PREFIX = "snapshot/".getBytes(StandardCharsets.UTF_8);
    static final byte[] SNAPSHOT_END = "snapshot0".getBytes(StandardCharsets.UTF_8);

    /** The key of a named note ({@code note/} + UTF-8 name); the prefix keeps notes apart from the fields. */
    static byte[] noteKey(String name) {
        return ("note/" + name).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] key(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] head(LogMeta m) {
        return ByteBuffer.allocate(HEAD_LENGTH).putLong(m.headSeq()).put(m.headHash()).putLong(m.headTs()).array();
    }

    private static byte[] logStart(LogMeta m) {
        return ByteBuffer.allocate(LOG_START_LENGTH).putLong(m.logStartSeq()).put(m.logStartPrev()).array();
    }

    private static byte[] int32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    private static ByteBuffer fixed(String name, byte[] v, int length) {
        if (v.length != length) {
            throw new CorruptLogException("meta " + name + " is " + v.length + " bytes, expected " + length);
        }
        return ByteBuffer.wrap(v);
    }

    private static int readInt32(String name, byte[] v) {
        return fixed(name, v, 4).getInt();
    }

    private static long readInt64(String name, byte[] v) {
        return fixed(name, v, 8).getLong();
    }

    private static byte[] hash(String name, byte[] v) {
        fixed(name, v, Hashes.LENGTH);
        return v;
    }
}
