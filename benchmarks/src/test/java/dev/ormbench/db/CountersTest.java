package dev.ormbench.db;

import dev.ormbench.TestDb;
import dev.ormbench.patterns.NPlusOneBenchmark;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * JMH sums {@code @AuxCounters(EVENTS)} values over threads, iterations and forks. This runs a real
 * benchmark through JMH (in this JVM, no fork: a test, not a measurement) and checks that what lands in
 * the results is per operation: 1 + 10 statements and 10 rows for a page of 10 books, whatever the number
 * of operations, iterations and threads.
 */
class CountersTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void secondaryMetricsArePerOperation(int threads) throws Exception {
        TestDb.small();
        Options options = new OptionsBuilder()
                .include(NPlusOneBenchmark.class.getName() + ".badLazyLoop")
                .param("dataset", "small")
                .param("relation", "bookAuthor")
                .param("pageSize", "10")
                .forks(0)
                .threads(threads)
                .warmupIterations(0)
                .measurementIterations(2)
                .measurementTime(TimeValue.milliseconds(300))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        assertThat(results).hasSize(1);
        RunResult result = results.iterator().next();
        assertThat(result.getSecondaryResults().get("statements").getScore()).isCloseTo(11.0, within(1e-9));
        assertThat(result.getSecondaryResults().get("rows").getScore()).isCloseTo(10.0, within(1e-9));
        assertThat(result.getPrimaryResult().getStatistics().getN()).isEqualTo(2);
    }
}
