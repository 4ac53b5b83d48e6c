package dev.chainlog.core;

import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.LogTail;
import dev.chainlog.api.Page;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A {@link LogTail}: reads the log page by page with {@link ReadableLog#readStrict}, and when it has delivered
 * everything up to the head, waits on the {@link HighWatermark} for the next commit. Memory is one page.
 *
 * <p>Invariant: every entry delivered is visible when it is delivered (at or above the log start of that moment),
 * and none is skipped: a buffered entry that retention hid meanwhile ends the tail with
 * {@link CursorExpiredException}, as a read from its position would.
 */
final class TailSubscription implements LogTail {
    private static final int PAGE = 256;

    private final ReadableLog log;
    private final HighWatermark watermark;
    private final ArrayDeque<Entry> buffer = new ArrayDeque<>();
    private long position;
    private volatile boolean closed;

    TailSubscription(ReadableLog log, HighWatermark watermark, long sinceSeq) {
        this.log = log;
        this.watermark = watermark;
        this.position = sinceSeq;
    }

    @Override
    public Entry poll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            checkOpen();
            if (buffer.isEmpty()) {
                fill();
            }
            Entry next = buffer.peek();
            if (next != null) {
                // Retention may have hidden buffered entries since the page was read: never deliver one, and
                // never skip past them either (the caller must learn that its cursor expired).
                long start = log.logStartSeq();
                if (next.seq() < start) {
                    buffer.clear();
                    throw new CursorExpiredException(position, start);
                }
                buffer.poll();
                position = next.seq();
                return next;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            if (log.readOnly()) {
                // Another process writes: nothing signals its commits here, so look for them every 100 ms.
                watermark.awaitHeadAfter(position, Math.min(left, 100_000_000L));
                log.refresh();
            } else {
                watermark.awaitHeadAfter(position, left);
            }
        }
    }

    private void fill() {
        Page page = log.readStrict(position, PAGE);
        buffer.addAll(page.entries());
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public boolean caughtUp() {
        return buffer.isEmpty() && position >= watermark.meta().headSeq();
    }

    private void checkOpen() {
        if (closed) {
            throw new LogClosedException("the tail is closed");
        }
        if (watermark.closed() || log.isClosed()) {
            throw new LogClosedException("the log is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        buffer.clear();
    }
}
