package dev.ormbench.launcher;

import dev.ormbench.db.Postgres;
import dev.ormbench.db.RunGuard;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs JMH as {@code org.openjdk.jmh.Main} would, watching two things through its output: which benchmark is
 * running, and whether one failed. When the run lock's connection stops answering (checked every second and at
 * each failure), the server went away: one line naming the benchmark and the cause, the results of the
 * benchmarks that finished written where JMH would have written them, the forks stopped, exit code 1. A run
 * in which a benchmark failed otherwise ends with one summary line and exit code 1 too.
 */
final class RunWatch implements OutputFormat {

    private final OutputFormat out;
    private final Options options;
    private final List<RunResult> finished = new ArrayList<>();
    /** Benchmarks that failed, once each: JMH prints a failure per fork. */
    private final Set<String> failed = new LinkedHashSet<>();
    private volatile String current = "the set-up of the first benchmark";
    /** Set when the server is gone: nothing of JMH's is shown after the suite's line. */
    private volatile boolean stopping;
    /** The launcher's own stdout and stderr, as they were before the log gates. */
    private final PrintStream stdout = System.out;
    private final PrintStream stderr = System.err;
    private final List<LogGate> gates = new ArrayList<>();

    private RunWatch(OutputFormat out, Options options) {
        this.out = out;
        this.options = options;
    }

    /** Runs the benchmarks of {@code options}; returns the exit code. */
    static int run(Options options) {
        PrintStream stream = System.out;
        if (options.getOutput().hasValue()) {
            try {
                stream = new PrintStream(options.getOutput().get());
            } catch (FileNotFoundException e) {
                System.err.println("ormbench: cannot write " + options.getOutput().get() + ": " + e.getMessage());
                return 2;
            }
        }
        RunWatch watch = new RunWatch(OutputFormatFactory.createFormatInstance(stream,
                options.verbosity().orElse(VerboseMode.NORMAL)), options);
        // The forks' output comes through these too.
        System.setOut(watch.gate(System.out));
        System.setErr(watch.gate(System.err));
        Thread watchdog = Thread.ofPlatform().daemon().name("ormbench-server-watch").start(() -> {
            try {
                while (true) {
                    Thread.sleep(1000);
                    if (RunGuard.lost()) watch.serverLost();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            new Runner(options, watch).run();
        } catch (RunnerException e) {
            watchdog.interrupt();
            if (RunGuard.lost()) watch.serverLost();
            System.err.println("ormbench: the run stopped at " + watch.current + ": " + Postgres.oneLine(e));
            return 1;
        }
        watchdog.interrupt();
        synchronized (watch) {
            if (!watch.failed.isEmpty()) {
                System.err.printf("ormbench: %d benchmark(s) failed (%s); the results hold the %d that finished%n",
                        watch.failed.size(), String.join(", ", watch.failed), watch.finished.size());
                return 1;
            }
        }
        return 0;
    }

    /**
     * A gate on {@code stream} that shows a library's log line only while the server is there; when it is gone,
     * the suite's line follows at once, from another thread, so that no writer waits for the run to stop.
     */
    private PrintStream gate(PrintStream stream) {
        LogGate gate = new LogGate(stream, () -> {
            boolean lost = RunGuard.lost();
            if (lost) Thread.ofPlatform().name("ormbench-server-lost").start(this::serverLost);
            return lost;
        });
        gates.add(gate);
        return new PrintStream(gate, true, stream.charset());
    }

    /**
     * The server is gone: say so once, keep what finished, stop the forks and an embedded server that no longer
     * answers, exit. Nothing of JMH's, the forks' or the libraries' is shown after this line.
     */
    private synchronized void serverLost() {
        if (stopping) return;
        stopping = true;
        gates.forEach(LogGate::close);
        String kept = writeFinished();
        ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("org.openjdk.jmh.runner.ForkedMain")).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        String why = RunGuard.whyLost();
        String stopped = Postgres.stopUnansweringEmbedded();
        stdout.println(); // ends JMH's "Iteration n:" line, so that this one stands alone in a terminal
        stdout.flush();
        stderr.printf("ormbench: the database server went away during %s (%s%s): run stopped, exit 1; %s%n",
                current, why, stopped == null ? "" : "; " + stopped, kept);
        stderr.flush();
        System.exit(1);
    }

    /** Writes the finished benchmarks' results as JMH would at the end of the run; says where. */
    private String writeFinished() {
        if (!options.getResult().hasValue() && !options.getResultFormat().hasValue()) {
            return finished.size() + " benchmark(s) had finished (no result file asked for)";
        }
        ResultFormatType type = options.getResultFormat().orElse(ResultFormatType.CSV);
        String file = options.getResult().orElse("jmh-result." + type.toString().toLowerCase(Locale.ROOT));
        ResultFormatFactory.getInstance(type, file).writeOut(finished);
        return "the results of the " + finished.size() + " benchmark(s) that finished are in " + file;
    }

    private static String name(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        String shortName = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
        List<String> values = new ArrayList<>();
        for (String key : params.getParamsKeys()) values.add(key + "=" + params.getParam(key));
        return values.isEmpty() ? shortName : shortName + " (" + String.join(", ", values) + ")";
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        current = name(params);
        if (stopping) return;
        out.startBenchmark(params);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        synchronized (this) {
            if (result != null) finished.add(new RunResult(result.getParams(), List.of(result)));
        }
        if (!stopping) out.endBenchmark(result);
    }

    @Override
    public void println(String s) {
        if ("<failure>".equals(s)) {
            if (RunGuard.lost()) serverLost();
            synchronized (this) {
                failed.add(current);
            }
        }
        if (!stopping) out.println(s);
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        if (stopping) return;
        out.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration, IterationResult data) {
        if (stopping) return;
        out.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void startRun() {
        if (stopping) return;
        out.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        if (stopping) return;
        out.endRun(result);
    }

    @Override
    public void print(String s) {
        if (stopping) return;
        out.print(s);
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.close();
    }

    @Override
    public void verbosePrintln(String s) {
        if (stopping) return;
        out.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        if (stopping) return;
        out.write(b);
    }

    @Override
    public void write(byte[] b) throws java.io.IOException {
        if (stopping) return;
        out.write(b);
    }
}
