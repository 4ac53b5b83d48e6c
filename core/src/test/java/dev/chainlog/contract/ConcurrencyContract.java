package dev.chainlog.contract;

import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.Page;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.chainlog.contract.TestKit.assertChained;
import static dev.chainlog.contract.TestKit.assertIntact;
import static dev.chainlog.contract.TestKit.event;
import static dev.chainlog.contract.TestKit.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many writers, one chain: gap-free distinct seqs and a valid chain under contention; readers see no gaps. */
public abstract class ConcurrencyContract extends ContractBase {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 2_000;

    @Test
    void eightThreadsTimesTwoThousandAppendsGiveGapFreeSeqsAndAValidChain() throws Exception {
        runWriters(false);
    }

    @Test
    void eightThreadsTimesTwoThousandAsyncAppendsGiveGapFreeSeqsAndAValidChain() throws Exception {
        runWriters(true);
    }

    private void runWriters(boolean async) throws Exception {
        EventLog log = logs().open(b -> b.maxEntries(0)).log();
        ConcurrentLinkedQueue<Entry> acknowledged = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<Entry>> pending = new ArrayList<>();
                    for (int i = 0; i < PER_THREAD; i++) {
                        if (async) {
                            pending.add(log.appendAsync(event(thread * PER_THREAD + i)));
                        } else {
                            acknowledged.add(log.append(event(thread * PER_THREAD + i)));
                        }
                    }
                    pending.forEach(f -> acknowledged.add(f.join()));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int total = THREADS * PER_THREAD;
        Set<Long> distinct = new TreeSet<>();
        acknowledged.forEach(e -> distinct.add(e.seq()));
        assertEquals(total, distinct.size(), "every acknowledged append got its own seq");
        assertEquals(range(1, total), new ArrayList<>(distinct));
        List<Entry> all = new ArrayList<>();
        long since = 0;
        Page page;
        do {
            page = log.read(since, 1000);
            all.addAll(page.entries());
            since = page.nextSince();
        } while (!page.entries().isEmpty());
        assertEquals(total, all.size());
        assertChained(all);
        assertIntact(log.verify());
    }

    @Test
    void readersNeverSeeAGapWhileWritersAppend() throws Exception {
        EventLog log = logs().open(b -> b.maxEntries(0)).log();
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 300; i++) {
                log.appendBatch(List.of(event(i), event(i + 1), event(i + 2)));
            }
            writing.set(false);
        });
        long since = 0;
        int pages = 0;
        while (writing.get() || since < log.head().seq()) {
            Page page = log.read(since, 50);
            List<Entry> entries = page.entries();
            for (int i = 0; i < entries.size(); i++) {
                assertEquals(since + 1 + i, entries.get(i).seq(), "no gap inside what a reader read");
            }
            assertTrue(page.nextSince() <= page.head().seq());
            assertEquals(0, page.head().seq() % 3, "a batch of three is seen whole or not at all");
            since = page.nextSince();
            pages++;
        }
        writer.get(60, TimeUnit.SECONDS);
        assertEquals(900, since);
        assertTrue(pages > 0);
    }
}
