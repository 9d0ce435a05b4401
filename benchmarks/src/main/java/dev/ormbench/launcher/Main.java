package dev.ormbench.launcher;

import dev.ormbench.db.Datasets;
import dev.ormbench.db.DbState;
import dev.ormbench.db.Plans;
import dev.ormbench.db.Postgres;
import dev.ormbench.db.RunGuard;
import dev.ormbench.db.SetupException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The entry point of {@code benchmarks.jar}: JMH's own {@link org.openjdk.jmh.Main}, every flag unchanged,
 * after one pre-flight step in the launcher JVM. It provisions the database and seeds (or verifies) each
 * dataset the run asks for, once, then hands that server to the forks; so a fork pays no start-up or
 * seeding, and a problem such as an unreachable server is one line and exit code 2 before any fork starts.
 * With {@code -rff FILE} it also writes the run's environment ({@link RunEnvironment}) beside FILE.
 * <p>
 * For the whole run the launcher holds the database's run lock ({@link RunGuard}): a second launcher on the
 * same database stops in one line. If the server goes away mid-run (the lock's connection drops), the run
 * stops in one line naming the benchmark and the cause, keeps the JSON of the benchmarks that finished, and
 * exits with 1; so does a run in which a benchmark failed.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions options;
        Options run;
        try {
            options = parse(args);
            if (listsOnly(options)) return;
            run = preflight(args, options);
        } catch (SetupException e) {
            System.err.println(e);
            System.exit(2);
            return;
        }
        int code = RunWatch.run(run);
        RunGuard.release();
        IdleStates.release();
        System.exit(code);
    }

    /** Help and the lists (-h, -l, -lp, -lprof, -lrf) as JMH's own Main gives them: no database needed. */
    static boolean listsOnly(CommandLineOptions options) throws Exception {
        if (options.shouldHelp()) options.showHelp();
        else if (options.shouldList()) new Runner(options).list();
        else if (options.shouldListWithParams()) new Runner(options).listWithParams(options);
        else if (options.shouldListProfilers()) options.listProfilers();
        else if (options.shouldListResultFormats()) options.listResultFormats();
        else return false;
        return true;
    }

    /**
     * Checks the arguments, provisions, takes the run lock, seeds the requested datasets, and returns the JMH
     * options with the hand-over to forks. Everything that needs no server is checked before the server.
     */
    static Options preflight(String[] args, Options options) {
        checkBenchmarksMatch(options);
        Set<String> datasets = requestedDatasets(options);
        RunGuard.serverTimeoutSeconds(); // a bad value is one line, before the server
        IdleStates.mode(); // likewise
        Postgres.Server server = Postgres.server();
        RunGuard.acquire(server);
        for (String dataset : datasets) Datasets.ensure(server, dataset, true);
        IdleStates.hold(); // before anything is timed (the steadiness reading, the shim's calibration, the forks)

        if (options.getResult().hasValue()) {
            Path environment = Path.of(options.getResult().get()).toAbsolutePath().resolveSibling("environment.json");
            try {
                RunEnvironment.write(environment, RunEnvironment.capture(server, args));
            } catch (IOException e) {
                throw new SetupException("cannot write " + environment + ": " + e.getMessage());
            }
        }

        List<String> handOver = new ArrayList<>(Postgres.jvmArgsForForks());
        handOver.add("-Dormbench.verified=" + String.join(",", datasets));
        handOver.add("-Dormbench.runGuard=" + RunGuard.heldPid());
        handOver.addAll(Plans.forkArgs(options.getResult().hasValue() ? options.getResult().get() : null));
        handOver.addAll(forkFlags(options, ManagementFactory.getRuntimeMXBean().getInputArguments()));
        // Only what the launcher checked, and no secrets: JMH prints these on every fork's "VM options" line.
        return withJvmArgsPrepend(options, handOver);
    }

    /**
     * JVM flags for the forks: JMH uses sun.misc.Unsafe, and from JDK 23 every JVM that does warns four times
     * unless allowed. The forks run this JVM's java unless -jvm names another, whose version is not known here;
     * JMH hands the launcher's own flags ({@code launcherFlags}) to the forks when no -jvmArgs replaces them.
     */
    static List<String> forkFlags(Options options, List<String> launcherFlags) {
        String allowUnsafe = "--sun-misc-unsafe-memory-access=allow";
        boolean inherited = launcherFlags.contains(allowUnsafe) && !options.getJvmArgs().hasValue();
        boolean sameJdk = !options.getJvm().hasValue();
        return Runtime.version().feature() >= 23 && sameJdk && !inherited ? List.of(allowUnsafe) : List.of();
    }

    static CommandLineOptions parse(String[] args) {
        try {
            return new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            throw new SetupException("bad JMH arguments: " + e.getMessage());
        }
    }

    /** A mistyped benchmark regexp is one line, before any server is started or dataset seeded. */
    static void checkBenchmarksMatch(Options options) {
        OutputFormat silent = OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);
        try {
            if (BenchmarkList.defaultList().find(silent, options.getIncludes(), options.getExcludes()).isEmpty()) {
                String excluded = options.getExcludes().isEmpty() ? "" : " (excluding " + String.join(", ", options.getExcludes()) + ")";
                throw new SetupException("no benchmark matches " + String.join(", ", options.getIncludes()) + excluded
                        + ": list them with -l");
            }
        } catch (PatternSyntaxException e) {
            throw new SetupException("bad benchmark regexp '" + e.getPattern() + "': " + e.getDescription());
        }
    }

    /** The values of {@code -p dataset=a,b}, or {@link DbState}'s default when the run keeps it. */
    static Set<String> requestedDatasets(Options options) {
        Set<String> out = new LinkedHashSet<>();
        for (String d : paramValues(options, "dataset")) {
            Datasets.schema(d); // fails in one line on an unknown name
            out.add(d);
        }
        for (String rtt : paramValues(options, "rtt")) DbState.parseRtt(rtt); // likewise
        if (out.isEmpty()) {
            try {
                out.addAll(List.of(DbState.class.getField("dataset").getAnnotation(Param.class).value()));
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The values given to JMH with {@code -p name=v1,v2}. */
    private static List<String> paramValues(Options options, String name) {
        return options.getParameter(name).hasValue()
                ? options.getParameter(name).get().stream().map(String::trim).toList() : List.of();
    }

    /** {@code options} with {@code extra} first among the forks' JVM arguments, before any -jvmArgsPrepend the user gave. */
    static Options withJvmArgsPrepend(Options options, List<String> extra) {
        List<String> prepend = new ArrayList<>(extra);
        if (options.getJvmArgsPrepend().hasValue()) prepend.addAll(options.getJvmArgsPrepend().get());
        return new OptionsBuilder().parent(options).jvmArgsPrepend(prepend.toArray(String[]::new)).build();
    }
}
