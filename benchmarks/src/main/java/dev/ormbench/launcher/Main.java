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
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
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

    private static final Set<String> NO_DATABASE = Set.of("-l", "-lp", "-lprof", "-lrf", "-h", "--help", "-help", "-v");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && NO_DATABASE.contains(args[0]) || List.of(args).stream().anyMatch(NO_DATABASE::contains)) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Options options;
        try {
            options = parse(preflight(args));
        } catch (SetupException e) {
            System.err.println(e);
            System.exit(2);
            return;
        }
        int code = RunWatch.run(options);
        RunGuard.release();
        System.exit(code);
    }

    /**
     * Checks the arguments, provisions, takes the run lock, seeds the requested datasets, and returns the JMH
     * arguments with the hand-over to forks. Everything that needs no server is checked before the server.
     */
    static String[] preflight(String[] args) {
        checkBenchmarksMatch(parse(args));
        Set<String> datasets = requestedDatasets(args);
        Postgres.Server server = Postgres.server();
        RunGuard.acquire(server);
        for (String dataset : datasets) Datasets.ensure(server, dataset, true);

        String resultFile = valueOf(args, "-rff");
        if (resultFile != null) {
            Path environment = Path.of(resultFile).toAbsolutePath().resolveSibling("environment.json");
            try {
                RunEnvironment.write(environment, RunEnvironment.capture(server, args));
            } catch (IOException e) {
                throw new SetupException("cannot write " + environment + ": " + e.getMessage());
            }
        }

        List<String> handOver = new ArrayList<>(Postgres.jvmArgsForForks());
        handOver.add("-Dormbench.verified=" + String.join(",", datasets));
        handOver.add("-Dormbench.runGuard=" + RunGuard.heldPid());
        handOver.addAll(Plans.forkArgs(resultFile));
        handOver.addAll(forkFlags(parse(args), ManagementFactory.getRuntimeMXBean().getInputArguments()));
        // Only what the launcher checked, and no secrets: JMH prints these on every fork's "VM options" line.
        return withJvmArgsPrepend(args, String.join(" ", handOver));
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

    static Options parse(String[] args) {
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

    private static String valueOf(String[] args, String flag) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(flag)) return args[i + 1];
        return null;
    }

    /** The values of {@code -p dataset=a,b}, or {@link DbState}'s default when the run keeps it. */
    static Set<String> requestedDatasets(String[] args) {
        Set<String> out = new LinkedHashSet<>();
        for (String d : paramValues(args, "dataset")) {
            Datasets.schema(d); // fails in one line on an unknown name
            out.add(d);
        }
        for (String rtt : paramValues(args, "rtt")) DbState.parseRtt(rtt); // likewise
        if (out.isEmpty()) {
            try {
                out.addAll(List.of(DbState.class.getField("dataset").getAnnotation(Param.class).value()));
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The values given to JMH with {@code -p name=v1,v2} (or {@code -pname=…}). */
    static List<String> paramValues(String[] args, String name) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = null;
            if (args[i].equals("-p") && i + 1 < args.length) value = args[i + 1];
            else if (args[i].startsWith("-p") && args[i].length() > 2 && args[i].contains("=")) value = args[i].substring(2);
            if (value != null && value.startsWith(name + "=")) {
                for (String v : value.substring(name.length() + 1).split(",")) out.add(v.trim());
            }
        }
        return out;
    }

    /** Adds {@code extra} to the forks' JVM arguments, merged into a {@code -jvmArgsPrepend} the user gave. */
    static String[] withJvmArgsPrepend(String[] args, String extra) {
        List<String> out = new ArrayList<>(List.of(args));
        int i = out.indexOf("-jvmArgsPrepend");
        if (i >= 0 && i + 1 < out.size()) {
            out.set(i + 1, extra + " " + out.get(i + 1));
        } else {
            out.add(0, extra);
            out.add(0, "-jvmArgsPrepend");
        }
        return out.toArray(String[]::new);
    }
}
