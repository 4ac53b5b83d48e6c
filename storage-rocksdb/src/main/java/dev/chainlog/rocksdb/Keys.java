package dev.chainlog.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Key encodings of the RocksDB layout (docs/STORAGE-ROCKSDB.md).
 *
 * <pre>
 * seq key     : 8 bytes, the seq as a big-endian long          (entries, checksums; the by_uuid value)
 * index key   : UTF-8(text) 0x00 seq-key                        (by_request, by_source)
 * index prefix: UTF-8(text) 0x00                                all index keys of one request id / source
 * </pre>
 *
 * <p>Why big-endian: seqs are positive, so their big-endian bytes sort numerically under RocksDB's default
 * bytewise comparator. A seq range is then a key range, the newest entry is {@code seekToLast}, and retention of
 * a prefix is one range deletion.
 *
 * <p>Why 0x00 as separator: the core refuses NUL in request ids and sources ({@code TextRules}), and 0x00 sorts
 * below every other byte, so {@code "a" 0x00 ..} never interleaves with {@code "ab" 0x00 ..}: the keys of one text
 * form one contiguous run that ends before {@code UTF-8(text) 0x01}.
 */
final class Keys {
    static final int SEQ_LENGTH = 8;

    private Keys() {
    }

    static byte[] seq(long seq) {
        byte[] k = new byte[SEQ_LENGTH];
        putSeq(k, 0, seq);
        return k;
    }

    /** The seq in an 8-byte key, or -1 when the key is not 8 bytes long (not written by chainlog). */
    static long seqOf(byte[] key) {
        return key.length == SEQ_LENGTH ? readSeq(key, 0) : -1;
    }

    /** {@code UTF-8(text) 0x00 seq}: one entry's key in by_request or by_source. */
    static byte[] index(String text, long seq) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] k = Arrays.copyOf(t, t.length + 1 + SEQ_LENGTH);
        k[t.length] = 0;
        putSeq(k, t.length + 1, seq);
        return k;
    }

    /** {@code UTF-8(text) 0x00}: the common prefix of every index key of {@code text}. */
    static byte[] indexPrefix(String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(t, t.length + 1);
    }

    /** {@code UTF-8(text) 0x01}: the first key after every index key of {@code text} (an exclusive upper bound). */
    static byte[] indexEnd(String text) {
        byte[] k = indexPrefix(text);
        k[k.length - 1] = 1;
        return k;
    }

    /** The seq at the end of an index key that starts with {@code prefix}, or -1 when the key is malformed. */
    static long seqOfIndex(byte[] key, int prefixLength) {
        return key.length == prefixLength + SEQ_LENGTH ? readSeq(key, prefixLength) : -1;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putSeq(byte[] dst, int at, long seq) {
        for (int i = SEQ_LENGTH - 1; i >= 0; i--) {
            dst[at + i] = (byte) seq;
            seq >>>= 8;
        }
    }

    private static long readSeq(byte[] src, int at) {
        long v = 0;
        for (int i = 0; i < SEQ_LENGTH; i++) {
            v = (v << 8) | (src[at + i] & 0xFF);
        }
        return v;
    }
}
