package dev.chainlog.verify;

import dev.chainlog.api.Head;
import dev.chainlog.api.Problem;
import dev.chainlog.chain.Hashes;

import java.util.Arrays;

/**
 * One walk along a chain in seq order (docs/DESIGN.md: Tamper evidence): the seq step, the prev link and the pinned
 * head, kept in one place for both verifiers — of a stored log ({@code core.ChainVerifier}) and of an export
 * ({@link ExportVerifier}). What is damaged, and how it is reported, is each verifier's own; what "follows" means is
 * here.
 *
 * <p>Invariants: {@link #next()} is the seq of the entry after the last one walked; {@link #link()} is the hash the
 * next entry's {@code prev} must name, or null once damage has made it unknown (an unreadable entry, a gap, a value
 * and checksum that disagree) — the chain is then picked up again at the next entry whose hash is known.
 */
public final class ChainWalk {
    private final Head pinned;
    private long next;
    private byte[] link;
    private long walked;
    private long first;
    private long last;
    private byte[] lastHash = Hashes.zero();
    private byte[] hashAtPinned;

    /**
     * @param firstSeq  the seq the first entry must carry, or 0 to take whichever it carries
     * @param firstLink what the first entry's prev must name, or null when it cannot be known here
     * @param pinned    a head pinned elsewhere to hold the chain against, or null
     */
    public ChainWalk(long firstSeq, byte[] firstLink, Head pinned) {
        this.next = firstSeq;
        this.link = firstLink;
        this.pinned = pinned;
    }

    /** The seq the next entry must carry; 0 when any will do (nothing walked yet, and no first seq given). */
    public long next() {
        return next;
    }

    /** The hash the next entry's prev must name; null when it cannot be known. */
    public byte[] link() {
        return link;
    }

    /** True when {@code prev} breaks the chain: the link is known and {@code prev} names another hash. */
    public boolean breaksAt(byte[] prev) {
        return link != null && !Arrays.equals(prev, link);
    }

    /** Sets what the next entry's prev must name, when the walk learns it otherwise (a chain's first entry). */
    public void expectLink(byte[] hash) {
        link = hash;
    }

    /**
     * Entry {@code seq} was walked. {@code hash} is the hash of its value, or null when it has none that can be
     * trusted (unreadable); either way the next entry must carry {@code seq + 1}, and with no hash its prev cannot
     * be checked.
     */
    public void walked(long seq, byte[] hash) {
        walked++;
        if (first == 0) {
            first = seq;
        }
        last = seq;
        next = seq + 1;
        link = hash;
        if (hash != null) {
            lastHash = hash;
            if (pinned != null && pinned.seq() == seq) {
                hashAtPinned = hash;
            }
        }
    }

    /** Something at {@link #next()} could not be walked at all (not even its seq is known): the link is lost. */
    public void lostOne() {
        link = null;
        if (next > 0) {
            next++;
        }
    }

    /** The hash the next entry follows cannot be trusted (a value its checksum disputes): its prev is not checked. */
    public void forgetLink() {
        link = null;
    }

    /** Entries walked. */
    public long walked() {
        return walked;
    }

    /** The first seq walked, or 0. */
    public long first() {
        return first;
    }

    /** The last seq walked, or 0. */
    public long last() {
        return last;
    }

    /** The hash of the last entry walked whose hash was known (zeros when none). */
    public byte[] lastHash() {
        return lastHash;
    }

    /**
     * The pinned head held against the chain {@code chainFirst..chainEnd} whose first entry names {@code anchor} as
     * its prev ({@link PinnedHead#check}); null when nothing is pinned, or it holds.
     */
    public Problem pinnedHeadProblem(long chainFirst, long chainEnd, byte[] anchor, PinnedHead.Chain kind) {
        return pinned == null ? null : PinnedHead.check(pinned, chainFirst, chainEnd, hashAtPinned, anchor, kind);
    }
}
