package dev.chainlog.rocksdb;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.chain.Hashes;
import dev.chainlog.store.LogMeta;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code meta} column family: one key per field, ASCII names, fixed-width big-endian numbers.
 *
 * <pre>
 * key              value                                   LogMeta field
 * format_version   int32 BE                                formatVersion (stored-value format, core's EntryCodec)
 * log_id           UTF-8                                   logId
 * head_seq         int64 BE                                headSeq
 * head_hash        32 bytes                                headHash
 * head_ts          int64 BE, epoch micros                  headTs
 * log_start_seq    int64 BE                                logStartSeq
 * log_start_prev   32 bytes                                logStartPrev
 * rocksdb_layout   int32 BE = {@value #LAYOUT_VERSION}     (this module's column families and key encodings)
 * note/NAME        the note's bytes                        a named note of CommitBatch.notes(), e.g. the log's
 *                                                          latest signed checkpoint (NAME in UTF-8)
 * </pre>
 *
 * <p>Invariant: every commit writes all keys in the same WriteBatch as the entries they describe, so the meta
 * always describes exactly the stored entries (DESIGN.md §5). A meta with some keys missing or a value of the
 * wrong width was not written by chainlog and is reported as corruption, never repaired.
 */
final class MetaCodec {
    /** Bump when the column families or key encodings change; a newer layout refuses to open. */
    static final int LAYOUT_VERSION = 1;

    static final String FORMAT_VERSION = "format_version";
    static final String LOG_ID = "log_id";
    static final String HEAD_SEQ = "head_seq";
    static final String HEAD_HASH = "head_hash";
    static final String HEAD_TS = "head_ts";
    static final String LOG_START_SEQ = "log_start_seq";
    static final String LOG_START_PREV = "log_start_prev";
    static final String LAYOUT = "rocksdb_layout";

    /** The LogMeta fields, in the order {@link #decode} reads them. */
    private static final List<String> FIELDS =
            List.of(FORMAT_VERSION, LOG_ID, HEAD_SEQ, HEAD_HASH, HEAD_TS, LOG_START_SEQ, LOG_START_PREV);

    private MetaCodec() {
    }

    /** Adds every meta key to {@code batch}. */
    static void write(WriteBatch batch, ColumnFamilyHandle meta, LogMeta m) throws RocksDBException {
        batch.put(meta, key(FORMAT_VERSION), int32(m.formatVersion()));
        batch.put(meta, key(LOG_ID), m.logId().getBytes(StandardCharsets.UTF_8));
        batch.put(meta, key(HEAD_SEQ), int64(m.headSeq()));
        batch.put(meta, key(HEAD_HASH), m.headHash());
        batch.put(meta, key(HEAD_TS), int64(m.headTs()));
        batch.put(meta, key(LOG_START_SEQ), int64(m.logStartSeq()));
        batch.put(meta, key(LOG_START_PREV), m.logStartPrev());
        batch.put(meta, key(LAYOUT), int32(LAYOUT_VERSION));
    }

    /** The keys {@link #decode} expects values for, in order. */
    static List<byte[]> fieldKeys() {
        List<byte[]> keys = new ArrayList<>(FIELDS.size());
        for (String f : FIELDS) {
            keys.add(key(f));
        }
        return keys;
    }

    /**
     * Decodes the values read for {@link #fieldKeys()} (nulls where absent): null when every key is absent (a
     * store never committed to), otherwise the meta, or a {@link CorruptLogException} naming what is wrong.
     */
    static LogMeta decode(List<byte[]> values) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            if (values.get(i) == null) {
                missing.add(FIELDS.get(i));
            }
        }
        if (missing.size() == FIELDS.size()) {
            return null;
        }
        if (!missing.isEmpty()) {
            throw new CorruptLogException("the log's meta is incomplete (missing " + String.join(", ", missing)
                    + "): it was not written by chainlog");
        }
        try {
            return new LogMeta(readInt32(FORMAT_VERSION, values.get(0)),
                    new String(values.get(1), StandardCharsets.UTF_8),
                    readInt64(HEAD_SEQ, values.get(2)),
                    hash(HEAD_HASH, values.get(3)),
                    readInt64(HEAD_TS, values.get(4)),
                    readInt64(LOG_START_SEQ, values.get(5)),
                    hash(LOG_START_PREV, values.get(6)));
        } catch (IllegalArgumentException e) {
            throw new CorruptLogException("the log's meta is inconsistent: " + e.getMessage(), e);
        }
    }

    /** The layout version stored in {@code value} (null: a log created before the key existed, i.e. 1). */
    static int layout(byte[] value) {
        return value == null ? LAYOUT_VERSION : readInt32(LAYOUT, value);
    }

    /** The key of a named note ({@code note/} + UTF-8 name); the prefix keeps notes apart from the fields. */
    static byte[] noteKey(String name) {
        return ("note/" + name).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] key(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] int32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    private static byte[] int64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static int readInt32(String name, byte[] v) {
        if (v.length != 4) {
            throw new CorruptLogException("meta " + name + " is " + v.length + " bytes, expected 4");
        }
        return ByteBuffer.wrap(v).getInt();
    }

    private static long readInt64(String name, byte[] v) {
        if (v.length != 8) {
            throw new CorruptLogException("meta " + name + " is " + v.length + " bytes, expected 8");
        }
        return ByteBuffer.wrap(v).getLong();
    }

    private static byte[] hash(String name, byte[] v) {
        if (v.length != Hashes.LENGTH) {
            throw new CorruptLogException("meta " + name + " is " + v.length + " bytes, expected " + Hashes.LENGTH);
        }
        return v;
    }
}
