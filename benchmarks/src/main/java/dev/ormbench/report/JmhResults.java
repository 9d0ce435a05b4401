package dev.ormbench.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JMH's own JSON result file ({@code -rf json}), and the {@code environment.json} the launcher writes
 * beside it. Nothing here knows the benchmarks: a result is a benchmark name, a mode, params and metrics.
 * <p>
 * Traps of the format handled here: {@code scoreError} is the string {@code "NaN"} with fewer than three
 * iterations; JMH before 1.37 prefixed secondary metric names with {@code "·"} (both spellings are accepted);
 * sample-time results carry a histogram per iteration ({@code rawDataHistogram}) instead of {@code rawData}.
 */
public final class JmhResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhResults() {
    }

    /**
     * What a benchmark method is for, from its name: {@code bad…} (the mistake), {@code good…} (the fix the pattern
     * recommends: the headline compares it with bad), {@code alt…} (another fix: a row in the tables, never the
     * headline), {@code pitfall…} (another mistake shown for contrast, never the headline), {@code floor…} (a
     * hand-written lower bound), {@code paired…} (the headline pair, bad and good taking turns in the same forks: the
     * ratio the summary cites, never a row of the tables). The order here is the order of the rows in a table.
     */
    public enum Role {
        BAD, PITFALL, GOOD, ALT, FLOOR, PAIRED, OTHER;

        static Role of(String method) {
            for (Role r : List.of(BAD, PITFALL, GOOD, ALT, FLOOR, PAIRED)) {
                String prefix = r.label();
                if (method.startsWith(prefix)
                        && (method.length() == prefix.length() || !Character.isLowerCase(method.charAt(prefix.length())))) {
                    return r;
                }
            }
            return OTHER;
        }

        String label() {
            return name().toLowerCase();
        }
    }

    /**
     * One metric of a result. {@code iterations} are the per-iteration values of every fork in order (for a
     * sample-time result, each iteration's mean from its histogram); empty when the file has none. {@code forks}
     * says how many of them each fork measured, in order.
     */
    public record Metric(double score, double error, String unit, double[] iterations, Map<String, Double> percentiles,
                         int[] forks) {

        /** A metric whose iterations are all of one fork. */
        public Metric(double score, double error, String unit, double[] iterations, Map<String, Double> percentiles) {
            this(score, error, unit, iterations, percentiles, new int[] {iterations.length});
        }

        /** The iterations of each fork, in order. */
        public double[][] byFork() {
            double[][] out = new double[forks.length][];
            int at = 0;
            for (int f = 0; f < forks.length; f++) {
                out[f] = Arrays.copyOfRange(iterations, at, at + forks[f]);
                at += forks[f];
            }
            return out;
        }
    }

    /** One entry of the JMH JSON: one benchmark method with one combination of params in one mode. */
    public record Result(String benchmark, String mode, Map<String, String> params, Metric primary,
                         Map<String, Metric> secondary, Settings settings) {

        /** The benchmark class, fully qualified: {@code dev.ormbench.patterns.JoinFetchBenchmark}. */
        public String className() {
            return benchmark.substring(0, Math.max(0, benchmark.lastIndexOf('.')));
        }

        public String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }

        public Role role() {
            return Role.of(method());
        }

        /** A per-operation metric's mean ({@code score}), or NaN when the run did not record it. */
        public double secondary(String name) {
            Metric m = secondary.get(name);
            return m == null ? Double.NaN : m.score();
        }

        /** Throughput ({@code thrpt}: operations per time) is better higher; every other mode is a time per operation. */
        public boolean higherIsBetter() {
            return mode.equals("thrpt");
        }

        /** The identity of a result across runs: name, mode and params. */
        String key() {
            return benchmark + " " + mode + " " + params;
        }
    }

    /** The JMH settings of one result, as recorded in the JSON. */
    public record Settings(String jmhVersion, int forks, int threads, int warmupIterations, String warmupTime,
                           int measurementIterations, String measurementTime, List<String> jvmArgs, String jdkVersion,
                           String vmName, String vmVersion) {
    }

    /** Reads a JMH JSON result file; {@link BadInput} with one line saying what is wrong otherwise. */
    public static List<Result> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInput("cannot read " + file + ": no such file");
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new BadInput(file + " is not valid JSON" + where + ": " + firstLine(e));
        } catch (IOException e) {
            throw new BadInput("cannot read " + file + ": " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) throw new BadInput(file + " is empty: expected JMH's JSON result (-rf json)");
        if (!root.isArray()) throw new BadInput(file + " is not a JMH result file: expected a JSON array of benchmark results (-rf json)");
        if (root.isEmpty()) throw new BadInput(file + " holds no benchmark results (an empty JSON array: did the run fail?)");
        List<Result> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : root) {
            i++;
            out.add(result(file, i, n));
        }
        return out;
    }

    private static Result result(Path file, int index, JsonNode n) {
        String where = file + ", result " + index;
        if (!n.isObject() || !n.path("benchmark").isTextual() || !n.path("primaryMetric").isObject()) {
            throw new BadInput(where + " is not a JMH benchmark result (no \"benchmark\" name or \"primaryMetric\")");
        }
        String benchmark = n.get("benchmark").asText();
        String mode = text(n, "mode", where);
        Map<String, String> params = new TreeMap<>();
        n.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        Metric primary = metric(n.get("primaryMetric"), where + " (" + benchmark + ") primaryMetric");
        Map<String, Metric> secondary = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.path("secondaryMetrics").properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey().startsWith("\u00b7") ? e.getKey().substring(1) : e.getKey();
            secondary.put(name, metric(e.getValue(), where + " (" + benchmark + ") metric " + name));
        }
        List<String> jvmArgs = new ArrayList<>();
        n.path("jvmArgs").forEach(a -> jvmArgs.add(a.asText()));
        Settings settings = new Settings(n.path("jmhVersion").asText("?"), n.path("forks").asInt(0), n.path("threads").asInt(0),
                n.path("warmupIterations").asInt(0), n.path("warmupTime").asText("?"),
                n.path("measurementIterations").asInt(0), n.path("measurementTime").asText("?"), List.copyOf(jvmArgs),
                n.path("jdkVersion").asText("?"), n.path("vmName").asText("?"), n.path("vmVersion").asText("?"));
        return new Result(benchmark, mode, params, primary, secondary, settings);
    }

    private static Metric metric(JsonNode m, String where) {
        if (!m.isObject()) throw new BadInput(where + " is not an object");
        double score = number(m.get("score"), where + " score");
        double error = m.hasNonNull("scoreError") ? number(m.get("scoreError"), where + " scoreError") : Double.NaN;
        String unit = text(m, "scoreUnit", where);
        List<Double> iterations = new ArrayList<>();
        List<Integer> forks = new ArrayList<>();
        if (m.path("rawData").isArray()) {
            for (JsonNode fork : m.get("rawData")) {
                for (JsonNode v : fork) iterations.add(number(v, where + " rawData"));
                forks.add(fork.size());
            }
        } else if (m.path("rawDataHistogram").isArray()) {
            for (JsonNode fork : m.get("rawDataHistogram")) {
                int before = iterations.size();
                forks.add(0);
                for (JsonNode iteration : fork) {
                    double sum = 0, count = 0;
                    for (JsonNode bin : iteration) {
                        double c = number(bin.get(1), where + " rawDataHistogram");
                        sum += number(bin.get(0), where + " rawDataHistogram") * c;
                        count += c;
                    }
                    if (count > 0) iterations.add(sum / count);
                }
                forks.set(forks.size() - 1, iterations.size() - before);
            }
        }
        Map<String, Double> percentiles = new LinkedHashMap<>();
        m.path("scorePercentiles").properties().forEach(e -> percentiles.put(e.getKey(), e.getValue().asDouble(Double.NaN)));
        return new Metric(score, error, unit, iterations.stream().mapToDouble(Double::doubleValue).toArray(), percentiles,
                forks.stream().mapToInt(Integer::intValue).toArray());
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new BadInput(where + ": no \"" + field + "\"");
        return v.asText();
    }

    /** A JSON number, or JMH's strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
    private static double number(JsonNode v, String where) {
        if (v != null && v.isNumber()) return v.asDouble();
        if (v != null && v.isTextual()) {
            switch (v.asText()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw new BadInput(where + " is not a number: " + v);
    }

    /**
     * The launcher's {@code environment.json}: a flat object of strings. {@code null} when the file does not exist;
     * {@link BadInput} when it exists but is not such an object.
     */
    public static Map<String, String> environment(Path file) {
        if (!Files.exists(file)) return null;
        try {
            JsonNode root = JSON.readTree(Files.readString(file));
            if (root == null || !root.isObject()) throw new BadInput(file + " is not a JSON object of strings");
            Map<String, String> env = new LinkedHashMap<>();
            root.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            return env;
        } catch (JacksonException e) {
            throw new BadInput(file + " is not valid JSON: " + firstLine(e));
        } catch (IOException e) {
            throw new BadInput("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Jackson's message without its pointer into the source: "Unexpected end-of-input: expected close marker for Object". */
    private static String firstLine(JacksonException e) {
        String m = e.getOriginalMessage().lines().findFirst().orElse("");
        int cut = m.indexOf(" (start marker");
        if (cut < 0) cut = m.indexOf(" at [Source");
        return cut < 0 ? m : m.substring(0, cut);
    }

    /** Bad input: the message is the one line the user sees. */
    public static final class BadInput extends RuntimeException {
        public BadInput(String message) {
            super(message);
        }
    }
}
