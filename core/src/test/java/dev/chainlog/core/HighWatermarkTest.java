package dev.chainlog.core;

import dev.chainlog.store.LogMeta;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed state readers see (docs/DESIGN.md: Consistent reads): what was published last, and the wake-up of
 * tails waiting for the head to move or the log to close.
 */
class HighWatermarkTest {
    private final LogMeta initial = LogMeta.initial("hw-test");

    private static LogMeta at(LogMeta m, long seq) {
        return m.withHead(seq, new byte[32], seq);
    }

    @Test
    void readersSeeWhatWasPublishedLast() {
        HighWatermark hw = new HighWatermark(initial);
        assertSame(initial, hw.meta());
        LogMeta next = at(initial, 3);
        hw.publish(next);
        assertSame(next, hw.meta());
        assertFalse(hw.closed());
    }

    @Test
    void aWaitingReaderWakesWhenTheHeadPassesItsSeq() throws Exception {
        HighWatermark hw = new HighWatermark(initial);
        CompletableFuture<Long> woke = CompletableFuture.supplyAsync(() -> {
            try {
                hw.awaitHeadAfter(1, TimeUnit.MINUTES.toNanos(5));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return hw.meta().headSeq();
        });
        hw.publish(at(initial, 1)); // not past seq 1 yet
        hw.publish(at(initial, 2));
        assertEquals(2, woke.get(1, TimeUnit.MINUTES), "woken by the publish, long before its timeout");
    }

    @Test
    void closingWakesEveryWaiter() throws Exception {
        HighWatermark hw = new HighWatermark(initial);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                hw.awaitHeadAfter(0, TimeUnit.MINUTES.toNanos(5));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        hw.close();
        waiting.get(1, TimeUnit.MINUTES);
        assertTrue(hw.closed());
        assertEquals(0, hw.meta().headSeq());
    }

    @Test
    void aWaitEndsAtItsTimeoutWhenNothingHappens() throws Exception {
        HighWatermark hw = new HighWatermark(initial);
        hw.awaitHeadAfter(0, TimeUnit.MILLISECONDS.toNanos(20));
        assertEquals(0, hw.meta().headSeq());
    }

    @Test
    void aHeadAlreadyPastTheSeqDoesNotWait() throws Exception {
        HighWatermark hw = new HighWatermark(at(initial, 5));
        hw.awaitHeadAfter(4, TimeUnit.DAYS.toNanos(1));
        assertEquals(5, hw.meta().headSeq());
    }
}
