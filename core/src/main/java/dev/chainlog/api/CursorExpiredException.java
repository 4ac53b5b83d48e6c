package dev.chainlog.api;

/**
 * A reader asked for entries after {@code sinceSeq}, but retention already removed some of them: the first
 * retained seq is {@code logStartSeq}. The reader missed entries {@code sinceSeq + 1 .. logStartSeq - 1}
 * (like HTTP 410 Gone). Resume from {@code logStartSeq - 1} to accept the loss.
 */
public class CursorExpiredException extends ChainlogException {
    private final long sinceSeq;
    private final long logStartSeq;

    public CursorExpiredException(long sinceSeq, long logStartSeq) {
        super("cursor " + sinceSeq + " has expired: entries " + (sinceSeq + 1) + ".." + (logStartSeq - 1)
                + " were removed by retention; the first retained seq is " + logStartSeq);
        this.sinceSeq = sinceSeq;
        this.logStartSeq = logStartSeq;
    }

    /** The same, for a reader of something else retention removed (a tree size below the pruned boundary). */
    public CursorExpiredException(String message, long sinceSeq, long logStartSeq) {
        super(message);
        this.sinceSeq = sinceSeq;
        this.logStartSeq = logStartSeq;
    }

    public long sinceSeq() {
        return sinceSeq;
    }

    public long logStartSeq() {
        return logStartSeq;
    }
}
