package dev.chainlog.store;

import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Hashes;

import java.util.Arrays;
import java.util.Objects;

/**
 * The log's own bookkeeping, written in the same atomic batch as the entries it describes (docs/DESIGN.md: Recovery).
 *
 * @param formatVersion stored-value format ({@link EntryCodec#FORMAT_VERSION})
 * @param logId         random id given at creation; names the log in checkpoints and exports
 * @param headSeq       the newest seq ever assigned (0: none); never decreases, also when everything is pruned
 * @param headHash      hash of entry {@code headSeq} (32 zero bytes when none)
 * @param headTs        ts of entry {@code headSeq}, so timestamps stay monotonic across restarts after pruning
 * @param logStartSeq   the first seq still stored; {@code 1 .. logStartSeq - 1} were pruned
 * @param logStartPrev  hash of entry {@code logStartSeq - 1} (zeros when it is 0): the anchor the first
 *                      retained entry's {@code prev} is checked against after pruning
 */
public record LogMeta(int formatVersion, String logId, long headSeq, byte[] headHash, long headTs, long logStartSeq,
                      byte[] logStartPrev) {

    public LogMeta {
        Objects.requireNonNull(logId, "logId");
        if (headHash.length != Hashes.LENGTH || logStartPrev.length != Hashes.LENGTH) {
            throw new IllegalArgumentException("hashes are " + Hashes.LENGTH + " bytes");
        }
        if (headSeq < 0 || logStartSeq < 1 || logStartSeq > headSeq + 1) {
            throw new IllegalArgumentException("inconsistent meta: head " + headSeq + ", logStartSeq " + logStartSeq);
        }
    }

    /** The meta of a log that has never had an entry. */
    public static LogMeta initial(String logId) {
        return new LogMeta(EntryCodec.FORMAT_VERSION, logId, 0, Hashes.zero(), 0, 1, Hashes.zero());
    }

    /** The same log under another id: an import that keeps the id of the log it was exported from. */
    public LogMeta withLogId(String id) {
        return new LogMeta(formatVersion, id, headSeq, headHash, headTs, logStartSeq, logStartPrev);
    }

    public LogMeta withHead(long seq, byte[] hash, long ts) {
        return new LogMeta(formatVersion, logId, seq, hash, ts, logStartSeq, logStartPrev);
    }

    public LogMeta withLogStart(long seq, byte[] prevHash) {
        return new LogMeta(formatVersion, logId, headSeq, headHash, headTs, seq, prevHash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogMeta m && m.formatVersion == formatVersion && m.logId.equals(logId)
                && m.headSeq == headSeq && Arrays.equals(m.headHash, headHash) && m.headTs == headTs
                && m.logStartSeq == logStartSeq && Arrays.equals(m.logStartPrev, logStartPrev);
    }

    @Override
    public int hashCode() {
        return Objects.hash(logId, headSeq, headTs, logStartSeq) * 31 + Arrays.hashCode(headHash);
    }

    @Override
    public String toString() {
        return "LogMeta{v" + formatVersion + ", logId=" + logId + ", head=" + headSeq + ":" + Hashes.hex(headHash)
                + ", headTs=" + headTs + ", logStartSeq=" + logStartSeq + ", logStartPrev=" + Hashes.hex(logStartPrev) + "}";
    }
}
