package dev.ormbench;

import dev.ormbench.db.Datasets;
import dev.ormbench.db.DbState;
import dev.ormbench.db.Latency;
import dev.ormbench.db.Postgres;
import dev.ormbench.db.SetupException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.annotations.Param;

/**
 * The entry point of {@code benchmarks.jar}: JMH's own {@link org.openjdk.jmh.Main}, every flag unchanged,
 * after one pre-flight step in the launcher JVM. It provisions the database and seeds (or verifies) each
 * dataset the run asks for, once, then hands that server to the forks; so a fork pays no start-up or
 * seeding, and a problem such as an unreachable server is one line and exit code 2 before any fork starts.
 * With {@code -rff FILE} it also writes the run's environment ({@link RunEnvironment}) beside FILE.
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
        String[] jmhArgs;
        try {
            jmhArgs = preflight(args);
        } catch (SetupException e) {
            System.err.println(e);
            System.exit(2);
            return;
        }
        org.openjdk.jmh.Main.main(jmhArgs);
    }

    /** Provisions, seeds the requested datasets, and returns the JMH arguments with the hand-over to forks. */
    static String[] preflight(String[] args) {
        Set<String> datasets = requestedDatasets(args);
        Postgres.Server server = Postgres.server();
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
        // Only what the launcher checked, and no secrets: JMH prints these on every fork's "VM options" line.
        return withJvmArgsPrepend(args, String.join(" ", handOver));
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
        for (String rtt : paramValues(args, "rtt")) Latency.parse(rtt); // likewise
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
