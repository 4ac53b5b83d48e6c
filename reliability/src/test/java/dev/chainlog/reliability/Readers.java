package dev.chainlog.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.LogTail;
import dev.chainlog.api.Page;
import dev.chainlog.verify.ExportVerifier;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Reader loops that run while writers append batches and retention cuts, each checking what it read:
 * <ul>
 *   <li>no gap inside what one read returned, and each entry chained to the one before it;</li>
 *   <li>no entry below the log start the read (or, for a tail, the moment before the poll) reported;</li>
 *   <li>no torn batch: the head a page reports is the last entry of a batch (entries carry
 *       {@code {"b":id,"k":size,"i":index}}; a page may end inside a batch only because of its limit).</li>
 * </ul>
 * Used in one process ({@link ConcurrencyTest}) and from a read-only second process ({@link ReaderChild}).
 */
final class Readers {
    final EventLog log;
    final BooleanSupplier running;
    final boolean refresh;
    final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    final AtomicLong pages = new AtomicLong();
    final AtomicLong entriesRead = new AtomicLong();
    final AtomicLong tailed = new AtomicLong();
    final AtomicLong tailExpiries = new AtomicLong();
    final AtomicLong verifies = new AtomicLong();
    final AtomicLong exports = new AtomicLong();
    final AtomicLong exportExpiries = new AtomicLong();
    final AtomicLong exportedEntries = new AtomicLong();
    final AtomicLong exportsStartedLate = new AtomicLong();

    Readers(EventLog log, BooleanSupplier running, boolean refresh) {
        this.log = log;
        this.running = running;
        this.refresh = refresh;
    }

    private void violation(String s) {
        if (violations.size() < 50) {
            violations.add(s);
        }
    }

    /**
     * A gap inside what one read returned, in either process. (Read-only logs used to show some after the writer
     * flushed; they now catch up again and re-read, so a gap that reaches here is a violation there too.)
     */
    private void gap(String s) {
        violation(s);
    }

    private static JsonNode batchOf(Entry e) {
        return e.payload();
    }

    /** True when {@code e} is the last entry of its batch. */
    private static boolean endsBatch(Entry e) {
        JsonNode p = batchOf(e);
        return p.get("i").asInt() == p.get("k").asInt() - 1;
    }

    void pageReader(long seed) {
        Random rnd = new Random(seed);
        long since = 0;
        while (running.getAsBoolean()) {
            if (refresh && rnd.nextInt(4) == 0) {
                log.refresh();
            }
            int limit = rnd.nextInt(10) == 0 ? Integer.MAX_VALUE : 1 + rnd.nextInt(700);
            Page p;
            try {
                p = log.read(since, limit);
            } catch (RuntimeException e) {
                violation("read(" + since + ", " + limit + ") threw " + e);
                return;
            }
            pages.incrementAndGet();
            List<Entry> es = p.entries();
            entriesRead.addAndGet(es.size());
            for (int i = 0; i < es.size(); i++) {
                Entry e = es.get(i);
                if (e.seq() < p.logStartSeq()) {
                    violation("page after " + since + ": seq " + e.seq() + " is below its logStartSeq " + p.logStartSeq());
                }
                if (e.seq() > p.head().seq()) {
                    violation("page after " + since + ": seq " + e.seq() + " is past its head " + p.head().seq());
                }
                if (i == 0 && e.seq() != Math.max(since + 1, p.logStartSeq())) {
                    String msg = "page after " + since + " (start " + p.logStartSeq() + ") begins at " + e.seq();
                    if (e.seq() > Math.max(since + 1, p.logStartSeq())) {
                        gap(msg);
                    } else {
                        violation(msg);
                    }
                }
                if (i > 0) {
                    Entry prev = es.get(i - 1);
                    if (e.seq() != prev.seq() + 1) {
                        gap("page after " + since + ": gap between " + prev.seq() + " and " + e.seq());
                    } else if (!e.prev().equals(prev.hash())) {
                        violation("page after " + since + ": chain break between " + prev.seq() + " and " + e.seq());
                    }
                    JsonNode a = batchOf(prev);
                    JsonNode b = batchOf(e);
                    if (e.seq() == prev.seq() + 1 && b.get("i").asInt() > 0
                            && (!a.get("b").equals(b.get("b")) || a.get("i").asInt() != b.get("i").asInt() - 1)) {
                        violation("seq " + e.seq() + " continues batch " + b.get("b") + " but follows " + a);
                    }
                }
            }
            // The head a page reports is always a commit boundary: the end of a batch.
            long head = p.head().seq();
            Entry atHead = !es.isEmpty() && es.get(es.size() - 1).seq() == head ? es.get(es.size() - 1) : null;
            if (atHead == null && head >= p.logStartSeq() && head > 0) {
                Optional<Entry> g = log.get(head);
                atHead = g.orElse(null);
            }
            if (atHead != null && !endsBatch(atHead)) {
                violation("page head " + head + " falls inside batch " + batchOf(atHead));
            }
            since = es.isEmpty() || rnd.nextInt(20) == 0 ? Math.max(0, p.logStartSeq() - 1 - rnd.nextInt(3))
                    : p.nextSince();
            if (p.caughtUp() && rnd.nextBoolean()) {
                since = Math.max(0, p.logStartSeq() - 1);
            }
        }
    }

    void tailReader() {
        long position = Math.max(0, log.logStartSeq() - 1);
        String lastHash = null;
        while (running.getAsBoolean()) {
            try (LogTail tail = log.subscribe(position)) {
                while (running.getAsBoolean()) {
                    long startBefore = log.logStartSeq();
                    Entry e = tail.poll(Duration.ofMillis(50));
                    if (e == null) {
                        continue;
                    }
                    tailed.incrementAndGet();
                    if (e.seq() < startBefore) {
                        violation("tail delivered seq " + e.seq() + " below logStartSeq " + startBefore);
                    }
                    if (e.seq() > position + 1) {
                        gap("tail jumped from " + position + " to " + e.seq());
                    } else if (e.seq() != position + 1) {
                        violation("tail went back from " + position + " to " + e.seq());
                    } else if (lastHash != null && !e.prev().equals(lastHash)) {
                        violation("tail: chain break at " + e.seq());
                    }
                    position = e.seq();
                    lastHash = e.hash();
                }
            } catch (CursorExpiredException e) {
                tailExpiries.incrementAndGet(); // retention overtook the tail: it says so, and starts again
                position = Math.max(0, log.logStartSeq() - 1);
                lastHash = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                violation("tail threw " + e);
                return;
            }
        }
    }

    void verifier() {
        while (running.getAsBoolean()) {
            try {
                IntegrityReport r = log.verify();
                verifies.incrementAndGet();
                if (!r.ok()) {
                    boolean gapsOnly = r.problems().stream().allMatch(x -> x.kind() == dev.chainlog.api.ProblemKind.SEQUENCE_GAP);
                    if (gapsOnly) {
                        gap("verify during writes and cuts: " + r.summary());
                    } else {
                        violation("verify during writes and cuts: " + r.summary());
                    }
                }
            } catch (RuntimeException e) {
                violation("verify threw " + e);
                return;
            }
        }
    }

    void exporter() {
        while (running.getAsBoolean()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long since = Math.max(0, log.logStartSeq() - 1);
            long n;
            try {
                n = log.exportTo(out, since);
            } catch (CursorExpiredException e) {
                exportExpiries.incrementAndGet(); // retention overtook the export: it fails, never skips
                continue;
            } catch (IOException | RuntimeException e) {
                violation("export threw " + e);
                return;
            }
            exports.incrementAndGet();
            exportedEntries.addAndGet(n);
            try {
                List<Entry> last = new java.util.ArrayList<>();
                IntegrityReport r = new ExportVerifier(Long.MAX_VALUE).verify(new ByteArrayInputStream(out.toByteArray()),
                        null, null, line -> {
                            if (last.isEmpty()) {
                                last.add(null);
                            }
                            last.set(0, Entry.of(line.seq(), line.value(), line.hash()));
                        });
                if (!r.ok()) {
                    boolean seqOnly = r.problems().stream().allMatch(x -> x.kind() == dev.chainlog.api.ProblemKind.SEQ_KEY_MISMATCH);
                    if (seqOnly) {
                        gap("an export taken during writes and cuts skips entries: " + r.summary());
                    } else {
                        violation("an export taken during writes and cuts does not verify: " + r.summary());
                    }
                }
                if (n > 0 && r.firstChecked() != since + 1) {
                    // exportTo reads its first page leniently: when a cut moved the start past the cursor between
                    // the caller's logStartSeq() and the export, it starts at the new start without saying so.
                    // That must be explained by retention: the log start is at least there now.
                    long startNow = log.logStartSeq();
                    if (r.firstChecked() > startNow) {
                        gap("export after " + since + " starts at " + r.firstChecked() + ", past the log start "
                                + startNow + ": a gap");
                    } else {
                        exportsStartedLate.incrementAndGet();
                    }
                }
                if (!last.isEmpty() && last.get(0) != null && !endsBatch(last.get(0))) {
                    violation("an export ends inside a batch at seq " + last.get(0).seq());
                }
            } catch (IOException e) {
                violation("reading an export back: " + e);
            }
        }
    }

    String figures() {
        return "pages=" + pages + " entries=" + entriesRead + " tailed=" + tailed + " tailExpiries=" + tailExpiries
                + " verifies=" + verifies + " exports=" + exports + " exportExpiries=" + exportExpiries
                + " exportedEntries=" + exportedEntries + " exportsStartedLate=" + exportsStartedLate;
    }
}
