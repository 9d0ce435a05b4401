package dev.ormbench;

import dev.ormbench.db.Postgres;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No leaked connections: every benchmark method of every pattern class, run by JMH in this JVM (one trial of two
 * short iterations on the small dataset). Between the two iterations the suite is connected; after the trial,
 * whose tear-down closes its pools, the suite's connections in pg_stat_activity are back to those this JVM
 * held before (the shared test pool), none left by the trial.
 */
class ConnectionLeakTest {

    static Postgres.Server server;
    static Set<Integer> before;
    /** Per benchmark: suite connections seen after the first iteration, and those left after the trial. */
    static final Map<String, Integer> DURING = new ConcurrentHashMap<>();
    static final Map<String, Set<Integer>> LEFT = new ConcurrentHashMap<>();

    @Test
    void everyPatternClosesWhatItOpens() throws Exception {
        server = TestDb.small().server;
        before = stableSuiteConnections();
        Map<String, List<BenchmarkListEntry>> byClass = new TreeMap<>();
        var silent = OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);
        for (BenchmarkListEntry e : BenchmarkList.defaultList().getAll(silent, List.of())) {
            if (e.getUserClassQName().startsWith("dev.ormbench.patterns.")) {
                byClass.computeIfAbsent(e.getUserClassQName(), k -> new ArrayList<>()).add(e);
            }
        }
        assertThat(byClass).hasSizeGreaterThanOrEqualTo(11);
        Set<String> methods = new TreeSet<>();
        for (var entry : byClass.entrySet()) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(entry.getKey().replace(".", "\\.") + "\\.")
                    .forks(0).warmupIterations(0).measurementIterations(2)
                    .measurementTime(TimeValue.milliseconds(100)).mode(Mode.AverageTime)
                    .shouldFailOnError(true).verbosity(VerboseMode.SILENT)
                    .param("dataset", "small")
                    .addProfiler(ConnectionLeakProfiler.class);
            // One value of each parameter: the leak, if any, is in the code, not in a value.
            entry.getValue().getFirst().getParams().orElse(Map.of()).forEach((name, values) -> {
                if (!name.equals("dataset")) options.param(name, values[0]);
            });
            new Runner(options.build()).run();
            entry.getValue().forEach(e -> methods.add(e.getUsername()));
        }
        assertThat(LEFT.keySet()).containsExactlyInAnyOrderElementsOf(methods);
        assertThat(DURING).allSatisfy((benchmark, n) -> assertThat(n).as(benchmark + " connected").isPositive());
        assertThat(LEFT).allSatisfy((benchmark, left) -> assertThat(left).as(benchmark + " left connections").isEmpty());
    }

    /** The suite's connections once they stop changing (the shared pool may still be filling). */
    private static Set<Integer> stableSuiteConnections() throws Exception {
        Set<Integer> last = SuiteConnections.suiteConnections(server);
        for (int i = 0; i < 50; i++) {
            Thread.sleep(200);
            Set<Integer> now = SuiteConnections.suiteConnections(server);
            if (now.equals(last)) return now;
            last = now;
        }
        return last;
    }
}
