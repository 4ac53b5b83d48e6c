package dev.chainlog.core;

import dev.chainlog.api.Entry;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.LogTail;
import dev.chainlog.api.Page;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A {@link LogTail}: reads the log page by page with {@link ChainedEventLog#readStrict}, and when it has delivered
 * everything up to the head, waits on the {@link HighWatermark} for the next commit. Memory is one page.
 */
final class TailSubscription implements LogTail {
    private static final int PAGE = 256;

    private final ChainedEventLog log;
    private final HighWatermark watermark;
    private final ArrayDeque<Entry> buffer = new ArrayDeque<>();
    private long position;
    private volatile boolean closed;

    TailSubscription(ChainedEventLog log, HighWatermark watermark, long sinceSeq) {
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
            Entry next = buffer.poll();
            if (next != null) {
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
