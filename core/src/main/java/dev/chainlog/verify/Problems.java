package dev.chainlog.verify;

import dev.chainlog.api.IntegrityReport;
import dev.chainlog.api.Problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems one verification finds: all counted, the first {@link IntegrityReport#MAX_PROBLEMS} kept (a log
 * damaged everywhere would otherwise produce a report as large as itself), listed in seq order.
 */
public final class Problems {
    private final List<Problem> kept = new ArrayList<>();
    private long count;

    public void report(Problem p) {
        count++;
        if (kept.size() < IntegrityReport.MAX_PROBLEMS) {
            kept.add(p);
        }
    }

    /** Every problem found, including those not kept. */
    public long count() {
        return count;
    }

    /** The kept problems, in seq order. */
    public List<Problem> inSeqOrder() {
        List<Problem> sorted = new ArrayList<>(kept);
        sorted.sort(Comparator.comparingLong(Problem::seq));
        return sorted;
    }
}
