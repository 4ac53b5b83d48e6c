package dev.chainlog.verify;

import dev.chainlog.api.Head;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.Problem;
import dev.chainlog.api.ProblemKind;
import dev.chainlog.chain.DecodedValue;
import dev.chainlog.chain.EntryCodec;
import dev.chainlog.chain.Hashes;
import dev.chainlog.chain.MalformedValueException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Verifies an export: JSON Lines, one stored value per line, verbatim, in seq order, each line ending in
 * {@code \n} (docs/FORMAT.md). Needs nothing but the file: each line's {@code prev} must be the SHA-256 of the
 * previous line's bytes, seqs must step by one, and the last line must match an expected head if one is given.
 *
 * <p>Lines are read as raw bytes and hashed as read, never decoded and re-encoded, so a verifier in any language
 * gets the same hashes. A {@code \r} before the newline is part of the line (and breaks its hash).
 */
public final class ExportVerifier {
    /** One verified line, handed to the caller as it streams by. */
    public record Line(long lineNumber, long seq, byte[] value, byte[] hash, DecodedValue decoded) {
    }

    /** Receives each line that decoded and chained correctly, in order. */
    public interface LineSink {
        void accept(Line line) throws IOException;
    }

    private final long maxLineBytes;
    private final Problems problems = new Problems();

    /** @param maxLineBytes longer lines are refused without being buffered whole */
    public ExportVerifier(long maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Reads the whole export. {@code firstPrev} is what the first line's prev must be: 64 zeros for an export from
     * seq 1, or null to accept whatever it names (an export that starts after a pruned prefix or a cursor).
     */
    public IntegrityReport verify(InputStream in, byte[] firstPrev, Head expectedHead, LineSink sink) throws IOException {
        ChainWalk walk = new ChainWalk(0, firstPrev, expectedHead);
        long lineNumber = 0;
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        boolean tooLong = false;
        boolean pending = false;
        in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (pending) {
                    report(Problem.at(ProblemKind.UNREADABLE_VALUE, walk.next(),
                            "line " + (lineNumber + 1) + " does not end with a newline (the file was cut short?)"));
                }
                break;
            }
            pending = true;
            if (b != '\n') {
                if (buf.size() < maxLineBytes) {
                    buf.write(b);
                } else {
                    tooLong = true;
                }
                continue;
            }
            pending = false;
            lineNumber++;
            byte[] value = buf.toByteArray();
            buf.reset();
            if (tooLong) {
                tooLong = false;
                report(Problem.at(ProblemKind.UNREADABLE_VALUE, walk.next(), "line " + lineNumber + " is longer than "
                        + maxLineBytes + " bytes"));
                walk.lostOne();
                continue;
            }
            DecodedValue decoded;
            try {
                decoded = EntryCodec.decode(value);
            } catch (MalformedValueException e) {
                report(Problem.at(ProblemKind.UNREADABLE_VALUE, walk.next(), "line " + lineNumber + ": " + e.getMessage()));
                walk.lostOne();
                continue;
            }
            long seq = decoded.seq();
            byte[] prev = Hashes.fromHex(decoded.prev());
            if (walk.next() == 0 && walk.link() == null && seq == 1) {
                walk.expectLink(Hashes.zero()); // an export from the beginning must start the chain at 64 zeros
            }
            if (walk.next() > 0 && seq != walk.next()) {
                report(Problem.at(ProblemKind.SEQ_KEY_MISMATCH, walk.next(), "line " + lineNumber + " has seq " + seq
                        + " where seq " + walk.next() + " belongs"));
            } else if (walk.breaksAt(prev)) {
                report(Problem.at(ProblemKind.CHAIN_BREAK, seq, "line " + lineNumber + ": prev " + decoded.prev()
                        + " is not the hash of the line before, " + Hashes.hex(walk.link())));
            }
            byte[] hash = Hashes.sha256(value);
            if (problems.count() == 0 && sink != null) {
                sink.accept(new Line(lineNumber, seq, value, hash, decoded));
            }
            walk.walked(seq, hash);
        }
        long first = walk.first() == 0 ? 1 : walk.first();
        // No anchor: an export holds its lines only, and its first line's prev is that line's claim, not evidence of
        // the entry before it (the offline verifiers in tools/ judge a pinned head the same way).
        Problem pinned = walk.pinnedHeadProblem(first, walk.last(), null, PinnedHead.Chain.EXPORT);
        if (pinned != null) {
            report(pinned);
        }
        return new IntegrityReport(walk.walked(), walk.first(), walk.last(), first,
                new Head(walk.last(), Hashes.hex(walk.lastHash())), problems.inSeqOrder(), problems.count());
    }

    private void report(Problem p) {
        problems.report(p);
    }
}
