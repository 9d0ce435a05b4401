package dev.ormbench.measure;

import dev.ormbench.TestDb;
import dev.ormbench.patterns.NPlusOneBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /**
     * JMH publishes only the counters an {@code @AuxCounters} class declares itself. So that a metric added to
     * {@link Counters} is published for every benchmark: every benchmark method takes {@link Counters}, and every
     * {@code @AuxCounters} state it takes extends {@link PerOperation} directly, never a class that publishes.
     * (StreamingTest, BulkInsertTest and RowLockingTest run JMH on benchmarks with two such states and find both
     * states' metrics in the results.)
     */
    @Test
    void everyBenchmarkPublishesTheCountersAndNoCounterClassExtendsAnother() throws Exception {
        Set<BenchmarkListEntry> entries = BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of());
        assertThat(entries).hasSizeGreaterThan(30);
        List<String> missing = new ArrayList<>();
        for (BenchmarkListEntry e : entries) {
            Class<?> c = Class.forName(e.getUserClassQName());
            Method m = Arrays.stream(c.getMethods()).filter(x -> x.getName().equals(method(e))).findFirst().orElseThrow();
            List<Class<?>> params = List.of(m.getParameterTypes());
            if (!params.contains(Counters.class)) missing.add(e.getUsername());
            for (Class<?> p : params) {
                if (p.isAnnotationPresent(AuxCounters.class)) {
                    assertThat(p.getSuperclass()).as(p.getName()).isEqualTo(PerOperation.class);
                }
            }
        }
        assertThat(missing).as("benchmarks without Counters").isEmpty();
        assertThat(entries.stream().map(BenchmarkListEntry::getUserClassQName).collect(Collectors.toSet()))
                .as("classes with @Benchmark methods (the compiled package) against JMH's generated list")
                .isEqualTo(benchmarkClasses());
    }

    /** Every concrete compiled class of the benchmarks' package with a {@code @Benchmark} method, its own or inherited. */
    private static Set<String> benchmarkClasses() throws Exception {
        Path dir = Path.of(NPlusOneBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(NPlusOneBenchmark.class.getPackageName().replace('.', '/'));
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                Class<?> c = Class.forName(NPlusOneBenchmark.class.getPackageName() + "."
                        + f.getFileName().toString().replaceFirst("\\.class$", ""), false, CountersTest.class.getClassLoader());
                boolean concrete = !java.lang.reflect.Modifier.isAbstract(c.getModifiers());
                if (concrete && Arrays.stream(c.getMethods()).anyMatch(m -> m.isAnnotationPresent(Benchmark.class))) out.add(c.getName());
            }
        }
        assertThat(out).as("benchmark classes found in " + dir).hasSizeGreaterThan(5);
        return out;
    }

    private static String method(BenchmarkListEntry e) {
        return e.getUsername().substring(e.getUsername().lastIndexOf('.') + 1);
    }
}
