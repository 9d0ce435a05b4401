package dev.ormbench.measure;

import dev.ormbench.patterns.BulkInsertBenchmark;
import dev.ormbench.patterns.ConnectionPoolBenchmark;
import dev.ormbench.patterns.NPlusOneBenchmark;
import dev.ormbench.patterns.RowLockingBenchmark;
import dev.ormbench.patterns.StreamingBenchmark;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real run of one variant per kind of benchmark (plain {@link Counters}, and {@link Counters} beside a pattern's own
 * {@code @AuxCounters} state) shows that every one of them carries the wire metrics.
 */
class WireMetricsEverywhereTest {

    @ParameterizedTest
    @ValueSource(classes = {NPlusOneBenchmark.class, StreamingBenchmark.class, RowLockingBenchmark.class,
            BulkInsertBenchmark.class, ConnectionPoolBenchmark.class})
    void everyKindOfCountersPublishesTheWireMetrics(Class<?> benchmark) throws Exception {
        String method = Map.of(
                NPlusOneBenchmark.class, "floorJdbcJoin",
                StreamingBenchmark.class, "floorJdbcCursor",
                RowLockingBenchmark.class, "floorAtomicUpdate",
                BulkInsertBenchmark.class, "floorCopy",
                ConnectionPoolBenchmark.class, "goodPool").get(benchmark);
        OptionsBuilder options = new OptionsBuilder();
        options.include(benchmark.getName() + "." + method + "$");
        if (benchmark == BulkInsertBenchmark.class) options.param("batchSize", "1000");
        for (RunResult result : WireTest.run(options, 1).values()) {
            for (String metric : new String[] {"bytesSent", "bytesReceived", "waitMicros"}) {
                assertThat(result.getSecondaryResults()).as("%s.%s", benchmark.getSimpleName(), method).containsKey(metric);
                assertThat(result.getSecondaryResults().get(metric).getScore()).as(metric).isPositive();
            }
        }
    }
}
