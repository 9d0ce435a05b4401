package dev.ormbench.measure;

import dev.ormbench.TestDb;
import dev.ormbench.patterns.NPlusOneBenchmark;
import dev.ormbench.patterns.ProjectionBenchmark;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calibration of the wire metrics ({@link Wire}): each test states what the bytes and the waits must be for a
 * case whose answer is known in advance, and fails when the counting is wrong. Generous bounds, no speed targets:
 * a wait can only be longer than the server's sleep or the injected RTT, never shorter.
 */
class WireTest {

    /** A 20 ms sleep on the server is 20 ms of waiting for it, and next to nothing in the JVM. */
    @Test
    void aSleepOnTheServerIsWaitNotJvmTime() throws Exception {
        DataSource ds = TestDb.small().dataSource;
        Wire.Window window = new Wire.Window();
        long fastestJvmNanos = Long.MAX_VALUE;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 5; i++) {
                window.start();
                long start = System.nanoTime();
                try (ResultSet rs = s.executeQuery("select pg_sleep(0.02)")) {
                    rs.next();
                }
                long elapsed = System.nanoTime() - start;
                window.mark();
                System.out.printf("wire calibration, select pg_sleep(0.02): %.0f µs in all, %.0f µs waiting, "
                        + "%d bytes sent, %d received%n", elapsed / 1e3, window.waitNanos() / 1e3,
                        window.bytesSent(), window.bytesReceived());
                assertThat(window.waitNanos()).isGreaterThanOrEqualTo(20_000_000L).isLessThanOrEqualTo(elapsed);
                assertThat(window.bytesSent()).isPositive();
                assertThat(window.bytesReceived()).isPositive();
                fastestJvmNanos = Math.min(fastestJvmNanos, elapsed - window.waitNanos());
            }
        }
        // The JVM's share of a trivial statement: tens of µs on a quiet machine; 2 ms leaves room for a busy one.
        assertThat(fastestJvmNanos).isLessThan(2_000_000L);
    }

    /**
     * Through JMH, as published: the full entities (a ~1 KB bio per row) receive several times the bytes of the
     * two-column record, both send about the same request, and no operation waits longer than it takes.
     */
    @Test
    void theFullEntityProjectionReceivesSeveralTimesTheBytesOfTheRecord() throws Exception {
        Map<String, RunResult> results = run(new OptionsBuilder()
                .include(ProjectionBenchmark.class.getName() + ".(badFullEntities|goodRecordProjection)$")
                .param("size", "200"), 1);
        double full = metric(results.get("badFullEntities"), "bytesReceived");
        double record = metric(results.get("goodRecordProjection"), "bytesReceived");
        System.out.printf("wire calibration, projection of 200 users: full entities %.0f bytes received, record %.0f%n",
                full, record);
        assertThat(record).isGreaterThan(200 * 20.0); // at least the e-mails themselves
        assertThat(full).isGreaterThan(4 * record);
        assertThat(full).isGreaterThan(200 * 1024.0); // the bios
        results.values().forEach(WireTest::waitsNoLongerThanItTakes);
    }

    /** At 1 ms RTT, 1 + 10 round trips wait at least 11 ms; {@code join fetch}'s one round trip, far less. */
    @Test
    void theLazyLoopWaitsLongerThanJoinFetchAtOneMillisecondRtt() throws Exception {
        Map<String, RunResult> results = run(new OptionsBuilder()
                .include(NPlusOneBenchmark.class.getName() + ".(badLazyLoop|goodEagerLoading)$")
                .param("relation", "bookAuthor")
                .param("pageSize", "10")
                .param("rtt", "1ms"), 1);
        double lazy = metric(results.get("badLazyLoop"), "waitMicros");
        double join = metric(results.get("goodEagerLoading"), "waitMicros");
        System.out.printf("wire calibration, N+1 of 10 books at rtt=1ms: lazy loop %.0f µs waiting, join fetch %.0f µs%n",
                lazy, join);
        assertThat(metric(results.get("badLazyLoop"), "statements")).isEqualTo(11.0);
        assertThat(lazy).isGreaterThanOrEqualTo(11 * 1000.0);
        assertThat(join).isGreaterThanOrEqualTo(1000.0).isLessThan(lazy / 3);
        results.values().forEach(WireTest::waitsNoLongerThanItTakes);
    }

    /**
     * Two benchmark threads: JMH sums their counters, so a metric that were not divided by the threads would come out
     * twice the operation's own figures; per operation, the bytes match a single-threaded run and the wait stays
     * within each thread's time per operation.
     */
    @Test
    void twoThreadsPublishTheFiguresOfOneOperation() throws Exception {
        RunResult one = run(lazyLoop(), 1).get("badLazyLoop");
        RunResult two = run(lazyLoop(), 2).get("badLazyLoop");
        for (String bytes : new String[] {"bytesSent", "bytesReceived"}) {
            assertThat(metric(two, bytes)).isBetween(0.8 * metric(one, bytes), 1.25 * metric(one, bytes));
        }
        waitsNoLongerThanItTakes(one);
        waitsNoLongerThanItTakes(two);
    }

    private static ChainedOptionsBuilder lazyLoop() {
        return new OptionsBuilder()
                .include(NPlusOneBenchmark.class.getName() + ".badLazyLoop$")
                .param("relation", "bookAuthor")
                .param("pageSize", "10");
    }

    private static void waitsNoLongerThanItTakes(RunResult result) {
        Result<?> time = result.getPrimaryResult();
        assertThat(time.getScoreUnit()).endsWith("/op");
        double microsPerOp = time.getScore() * switch (time.getScoreUnit()) {
            case "us/op" -> 1.0;
            case "ms/op" -> 1e3;
            case "s/op" -> 1e6;
            default -> throw new AssertionError("unexpected unit " + time.getScoreUnit());
        };
        double wait = metric(result, "waitMicros");
        assertThat(wait).isPositive().isLessThanOrEqualTo(microsPerOp);
    }

    private static double metric(RunResult result, String name) {
        Result<?> r = result.getSecondaryResults().get(name);
        assertThat(r).as("secondary metric %s of %s", name, result.getParams().getBenchmark()).isNotNull();
        return r.getScore();
    }

    /** A short real JMH run in this JVM (no fork: a test, not a measurement), by benchmark method name. */
    static Map<String, RunResult> run(ChainedOptionsBuilder options, int threads) throws Exception {
        TestDb.small();
        Map<String, RunResult> byMethod = new HashMap<>();
        for (RunResult r : new Runner(options
                .param("dataset", "small")
                .forks(0)
                .threads(threads)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(200))
                .measurementIterations(2)
                .measurementTime(TimeValue.milliseconds(300))
                .timeUnit(TimeUnit.MICROSECONDS)
                .shouldFailOnError(true)
                .build()).run()) {
            String benchmark = r.getParams().getBenchmark();
            byMethod.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), r);
        }
        return byMethod;
    }
}
