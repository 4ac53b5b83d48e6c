package dev.chainlog.api;

import java.time.Duration;

/**
 * A live follow of the log (see {@link EventLog#subscribe(long)}): it replays the entries after the starting
 * cursor, then hands out new entries as they commit.
 *
 * <p>A pull-based, closeable blocking iterator rather than a {@code Flow.Publisher}: the consumer takes entries at
 * its own pace, so back-pressure is inherent, memory is bounded (entries are read from storage page by page, never
 * buffered for a slow consumer), and no chainlog thread ever runs consumer code. A publisher can be built on top.
 * One consumer thread per tail.
 */
public interface LogTail extends AutoCloseable {
    /**
     * The next entry, waiting up to {@code timeout} for one to be committed; null if none came.
     *
     * @throws CursorExpiredException if retention removed entries this tail had not delivered yet
     * @throws LogClosedException     if the tail or the log was closed
     */
    Entry poll(Duration timeout) throws InterruptedException;

    /** The seq of the last entry delivered (the starting cursor before any). */
    long position();

    /**
     * True when every entry committed so far has been delivered: the replay is over and the tail is live. Becomes
     * false again as soon as new entries commit and until they are delivered.
     */
    boolean caughtUp();

    @Override
    void close();
}
