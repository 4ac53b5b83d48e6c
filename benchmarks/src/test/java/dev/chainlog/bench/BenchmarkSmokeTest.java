package dev.chainlog.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Proves every benchmark of the suite runs: one tiny measurement iteration each, in this JVM (no fork), on a small
 * log, with one value per parameter. Asserts nothing about speed.
 */
class BenchmarkSmokeTest {
    @Test
    void everyBenchmarkRunsOnce() throws RunnerException {
        Options options = new OptionsBuilder()
                .include("dev\\.chainlog\\.bench\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .param("durability", "WAL")
                .param("payload", "100")
                .param("entries", "2000")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Set<String> ran = new TreeSet<>();
        for (RunResult r : results) {
            ran.add(r.getParams().getBenchmark());
        }
        // 50 benchmark methods; each ran once with the single parameter values above, the 7 of
        // AuditAppendBenchmark once per payload form (MAP, JSON).
        assertEquals(50, ran.size(), "benchmarks that ran: " + ran);
        assertEquals(57, results.size(), "one run per benchmark method and audit payload form");
    }
}
