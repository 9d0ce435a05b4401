package dev.ormbench.patterns;

import dev.ormbench.measure.Counters;
import dev.ormbench.db.Db;
import dev.ormbench.db.DbState;
import dev.ormbench.db.Plans;
import org.hibernate.SessionFactory;
import org.jooq.DSLContext;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * What every pattern shares: the run profile and the opened dataset.
 * <p>
 * The profile: average time per operation in µs, 2 forks × (6 warm-up + 8 measured iterations of 1 s), each fork
 * with a fixed 4 GB heap so that heap resizing is not measured. JMH inherits class annotations (JMH sample 24), so a
 * pattern declares only what differs; an annotation is replaced whole, so a pattern that changes {@code @Fork}
 * repeats the heap as {@code jvmArgsAppend = {PatternBenchmark.HEAP_MIN, PatternBenchmark.HEAP_MAX}}.
 * <p>
 * The dataset ({@link DbState}: {@code -p dataset}, {@code -p rtt}) is opened once per trial, outside any
 * measurement; a pattern reads it through {@link #orm}, {@link #jooq} and {@link #dataSource}, all on the one
 * counting pool, and parses its own parameters in {@link #setup}, once.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {PatternBenchmark.HEAP_MIN, PatternBenchmark.HEAP_MAX})
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 8, time = 1)
@State(Scope.Benchmark)
public abstract class PatternBenchmark {

    /**
     * Warm-up iterations of a {@code pairedHeadline}: 6 turns of each variant. With 3 each (the class profile's 6), the
     * rounds still sped up within a fork (N+1 one-to-many's bad turns 70 → 29 ms over 6 rounds); with 6 each they do
     * not (METHODOLOGY "Headlines in turns").
     */
    static final int PAIRED_WARMUP = 12;

    static final String HEAP_MIN = "-Xms4g";
    static final String HEAP_MAX = "-Xmx4g";

    /** The shared Hibernate session factory (lazy associations, no batch fetching, no second-level cache). */
    protected SessionFactory orm;
    /** jOOQ on the same pool. */
    protected DSLContext jooq;
    /** The counting pool, for the hand-written floors. */
    protected DataSource dataSource;

    @Setup(Level.Trial)
    public final void open(DbState state, BenchmarkParams params) {
        orm = state.db.orm();
        jooq = state.db.jooq;
        dataSource = state.db.dataSource;
        db = state.db;
        setup(state.db, params);
    }

    private int iteration;
    private Db db;

    /** Before each iteration, outside measurement: the first warm-up iteration keeps its statements for the plans. */
    @Setup(Level.Iteration)
    public final void beforeIteration(BenchmarkParams params) {
        Plans.beforeIteration(params, ++iteration);
    }

    /** At the end of the trial, outside measurement: the plans of the statements kept, into the run's plans file. */
    @TearDown(Level.Trial)
    public final void recordPlans(BenchmarkParams params) {
        Plans.afterTrial(db, params);
    }

    /** Records one operation in {@code counters}, one row per element of {@code answer}, and returns the answer. */
    protected static <T extends Collection<?>> T answer(Counters counters, T answer) {
        counters.operation(answer.size());
        return answer;
    }

    /** Records one operation in {@code counters} whose answer is the single value {@code answer}, and returns it. */
    protected static <T> T single(Counters counters, T answer) {
        counters.operation(1);
        return answer;
    }

    /** A pattern's own trial setup, after the dataset is open: parameters parsed into fields, helpers opened. */
    protected void setup(Db db, BenchmarkParams params) {
    }
}
