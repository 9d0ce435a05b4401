package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.JmhResults.Settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.ormbench.report.Fmt.code;
import static dev.ormbench.report.Fmt.plural;

/**
 * REPORT.md's environment: the machine, database and versions from environment.json, and JMH's settings from the
 * results, so that a number is never read without what it was measured on; a warning first when the CPU was unsteady.
 */
final class EnvironmentSection {

    /** The environment keys the launcher writes, in the order shown, with their labels. */
    private static final Map<String, String> ENVIRONMENT = new LinkedHashMap<>();

    static {
        ENVIRONMENT.put("date", "date (UTC)");
        ENVIRONMENT.put("gitCommit", "suite commit");
        ENVIRONMENT.put("jdk", "JDK");
        ENVIRONMENT.put("jvmArgs", "launcher JVM flags");
        ENVIRONMENT.put("hibernate", "Hibernate ORM");
        ENVIRONMENT.put("jooq", "jOOQ");
        ENVIRONMENT.put("pgjdbc", "PostgreSQL JDBC driver");
        ENVIRONMENT.put("hikaricp", "HikariCP");
        ENVIRONMENT.put("postgres", "PostgreSQL");
        ENVIRONMENT.put("database", "database");
        ENVIRONMENT.put("postgresSettings", "PostgreSQL settings");
        ENVIRONMENT.put("jdbcPrepareThreshold", "pgjdbc prepareThreshold (executions before a server-side prepared statement)");
        ENVIRONMENT.put("cpu", "CPU");
        ENVIRONMENT.put("cores", "cores");
        ENVIRONMENT.put("cpuSteadiness", "CPU steadiness at the start (a fixed loop timed in slices; 90th / 10th percentile)");
        ENVIRONMENT.put("cpuIdle", "CPU idle states during the run");
        ENVIRONMENT.put("memory", "memory");
        ENVIRONMENT.put("os", "OS");
        ENVIRONMENT.put("jmhArgs", "JMH arguments");
        ENVIRONMENT.put(Model.SHIM_KEY, "added per round trip at rtt=1ms (µs, the latency shim measured at the start)");
    }

    static final String CPU_STEADINESS = "cpuSteadiness";

    /**
     * A steadiness reading at or above this ratio means the CPU ran in phases when the run started: the same work
     * took this much longer in the slow slices than in the fast ones (on a steady CPU, 1.0x).
     */
    static final double UNSTEADY_CPU = 1.2;

    private static final Pattern SLICE_RATIO = Pattern.compile("\\((\\d+(?:\\.\\d+)?)x\\)");

    private EnvironmentSection() {
    }

    /** The section's body: {@code env} is null when the run has no environment.json. */
    static String of(Map<String, String> env, List<Result> results) {
        Table t = new Table(List.of("", ""), List.of(false, false));
        Map<String, String> given = env == null ? Map.of() : env;
        for (Map.Entry<String, String> e : ENVIRONMENT.entrySet()) {
            String v = given.get(e.getKey());
            boolean code = e.getKey().equals("gitCommit") || e.getKey().endsWith("Args");
            t.add(e.getValue(), v == null || v.isBlank() ? "unknown" : code ? code(v) : v);
        }
        given.forEach((k, v) -> {
            if (!ENVIRONMENT.containsKey(k)) t.add(k, v);
        });
        t.add("JMH and forks' JVM", distinct(results, r -> {
            Settings s = r.settings();
            return "JMH " + s.jmhVersion() + ", JDK " + s.jdkVersion() + " (" + s.vmName() + " " + s.vmVersion() + ")";
        }));
        t.add("JMH settings", distinct(results, r -> {
            Settings s = r.settings();
            return plural(s.forks(), "fork") + " · " + s.warmupIterations() + " × " + s.warmupTime() + " warm-up · "
                    + s.measurementIterations() + " × " + s.measurementTime() + " measurement · " + plural(s.threads(), "thread")
                    + " · mode " + r.mode();
        }));
        t.add("forks' JVM flags", distinct(results, r -> code(String.join(" ", r.settings().jvmArgs()))));
        String out = t.render();
        if (env == null) out = "> ⚠ no environment.json beside the JSON: the run's environment was not recorded.\n\n" + out;
        double cpu = slowestSliceRatio(given.get(CPU_STEADINESS));
        if (cpu >= UNSTEADY_CPU) {
            out = "> ⚠ The CPU ran in phases when this run started: a fixed loop took " + Fmt.sig3(cpu) + "x longer in its slow "
                    + "slices than in its fast ones (on a steady CPU, 1.0x). Expect wide intervals and verdicts marked "
                    + "unsteady, and re-run on a quiet machine before citing a ratio that surprises you.\n\n" + out;
        }
        String idle = given.get("cpuIdle");
        if (idle != null && (!idle.startsWith("held") || idle.endsWith("cpuidle driver none"))) {
            // A run recorded as held on a kernel without a cpuidle driver did not hold them: nothing reads the request.
            String why = idle.startsWith("held") ? "no cpuidle driver reads a request to keep them polling; " : "";
            out = "> ⚠ The CPUs were free to sleep between round trips (" + why + "CPU idle states " + idle + "): at rtt=0 a "
                    + "statement's cost includes waking a CPU, which depends on how busy the machine is, so the "
                    + "loopback ratios of the round-trip patterns will not match a run that held them.\n\n" + out;
        }
        return out;
    }

    /** The largest {@code (N.NNx)} ratio in a steadiness reading (one per part of a combined run), or NaN. */
    static double slowestSliceRatio(String reading) {
        if (reading == null) return Double.NaN;
        Matcher m = SLICE_RATIO.matcher(reading);
        double max = Double.NaN;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            if (Double.isNaN(max) || v > max) max = v;
        }
        return max;
    }

    /** The values of {@code f} over the results: one value, or each with how many results have it. */
    private static String distinct(List<Result> results, Function<Result, String> f) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Result r : results) counts.merge(f.apply(r), 1, Integer::sum);
        if (counts.size() == 1) return counts.keySet().iterator().next();
        return counts.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " results)").collect(Collectors.joining("; "));
    }
}
