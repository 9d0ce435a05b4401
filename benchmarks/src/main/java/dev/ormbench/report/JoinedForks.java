package dev.ormbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.util.ListStatistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins JMH runs of one fork each into one result per benchmark, mode and params, as if JMH had run those forks in
 * one invocation: the forks' raw data side by side, {@code forks} their number, and every score, error, interval and
 * percentile recomputed from the joined raw data the way JMH computes it (a time or rate: the mean and its 99.9 %
 * interval; an {@code @AuxCounters(EVENTS)} total: the sum).
 * <p>
 * A counter of this suite publishes per iteration its per-operation figure divided by threads × iterations × forks
 * ({@code measure/PerOperation}), so that JMH's sum is the mean per operation. A run of one fork divided by 1; an
 * invocation of all the forks would have divided by their number. So a total's raw data is scaled by the run's share
 * of the forks before it is summed: 101 statements per operation in each of three forks stay 101, not 303.
 * <p>
 * Why: {@code scripts/results.sh} runs each fork of a headline pair in a JMH invocation of its own, so that each fork
 * starts its own database server. A server start draws a speed (the same pair read 7.8x on one start and 6.7x on the
 * next, its forks sharing one start agreeing to 1–3 %: METHODOLOGY, "Headlines in turns"), and only forks on
 * different starts put that draw inside the interval. The joined result keeps the first run's JVM arguments; each
 * fork's own are in the part's environment.json.
 * <pre>java -cp benchmarks.jar dev.ormbench.report.JoinedForks OUT.json IN.json...</pre>
 */
public final class JoinedForks {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double CONFIDENCE = 0.999;

    private JoinedForks() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: java -cp benchmarks.jar dev.ormbench.report.JoinedForks OUT.json IN.json...");
            System.exit(2);
        }
        try {
            List<JsonNode> runs = new ArrayList<>();
            for (int i = 1; i < args.length; i++) runs.add(JSON.readTree(Path.of(args[i]).toFile()));
            Files.writeString(Path.of(args[0]), JSON.writeValueAsString(join(runs)) + "\n");
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("ormbench: cannot join forks: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The results of {@code runs} (each a JMH JSON array), one per benchmark, mode and params, in first-seen order. */
    static ArrayNode join(List<JsonNode> runs) {
        Map<String, List<JsonNode>> byKey = new LinkedHashMap<>();
        for (JsonNode run : runs) {
            if (!run.isArray()) throw new IllegalArgumentException("not a JMH JSON array");
            for (JsonNode r : run) {
                String key = r.path("benchmark").asText() + " " + r.path("mode").asText() + " " + r.path("params");
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (List<JsonNode> same : byKey.values()) out.add(same.size() == 1 ? same.get(0) : joined(same));
        return out;
    }

    private static ObjectNode joined(List<JsonNode> same) {
        ObjectNode first = same.get(0).deepCopy();
        int forks = 0;
        for (JsonNode r : same) forks += r.path("forks").asInt();
        first.put("forks", forks);
        List<Double> shares = new ArrayList<>();
        for (JsonNode r : same) shares.add(r.path("forks").asDouble() / forks);
        first.set("primaryMetric", metric(same.stream().map(r -> r.get("primaryMetric")).toList(), shares));
        if (first.has("secondaryMetrics")) {
            ObjectNode secondaries = JsonNodeFactory.instance.objectNode();
            for (Iterator<String> names = first.get("secondaryMetrics").fieldNames(); names.hasNext(); ) {
                String name = names.next();
                List<JsonNode> parts = same.stream().map(r -> r.path("secondaryMetrics").get(name)).toList();
                if (parts.contains(null)) throw new IllegalArgumentException("secondary metric " + name + " missing in a fork of " + first.path("benchmark").asText());
                secondaries.set(name, metric(parts, shares));
            }
            first.set("secondaryMetrics", secondaries);
        }
        return first;
    }

    /**
     * One metric over every fork of {@code parts}: raw data side by side, the statistics recomputed; a total's raw data
     * scaled by each part's share of the forks ({@code shares}).
     */
    private static ObjectNode metric(List<JsonNode> parts, List<Double> shares) {
        ObjectNode m = parts.get(0).deepCopy();
        if (!m.has("rawData")) {
            throw new IllegalArgumentException("only results with rawData can be joined (not sample mode's histograms)");
        }
        ArrayNode raw = JsonNodeFactory.instance.arrayNode();
        ListStatistics all = new ListStatistics();
        boolean total = isTotal(parts.get(0));
        double sum = 0;
        for (int i = 0; i < parts.size(); i++) {
            double scale = total ? shares.get(i) : 1;
            for (JsonNode fork : parts.get(i).get("rawData")) {
                ArrayNode values = JsonNodeFactory.instance.arrayNode();
                for (JsonNode v : fork) {
                    double x = v.asDouble() * scale;
                    values.add(x);
                    all.addValue(x);
                    sum += x;
                }
                raw.add(values);
            }
        }
        m.set("rawData", raw);
        if (total) {
            // An @AuxCounters(EVENTS) count: JMH's score is the total over all iterations, with no error.
            m.put("score", sum);
            m.put("scoreError", "NaN");
            m.set("scoreConfidence", JsonNodeFactory.instance.arrayNode().add(sum).add(sum));
        } else {
            m.put("score", all.getMean());
            double error = all.getMeanErrorAt(CONFIDENCE);
            if (Double.isNaN(error)) m.put("scoreError", "NaN");
            else m.put("scoreError", error);
            double[] interval = all.getConfidenceIntervalAt(CONFIDENCE);
            ArrayNode confidence = JsonNodeFactory.instance.arrayNode();
            for (double c : interval) {
                if (Double.isNaN(c)) confidence.add("NaN");
                else confidence.add(c);
            }
            m.set("scoreConfidence", confidence);
        }
        if (m.has("scorePercentiles")) {
            ObjectNode percentiles = JsonNodeFactory.instance.objectNode();
            for (Iterator<String> ranks = m.get("scorePercentiles").fieldNames(); ranks.hasNext(); ) {
                String rank = ranks.next();
                percentiles.put(rank, all.getPercentile(Double.parseDouble(rank)));
            }
            m.set("scorePercentiles", percentiles);
        }
        return m;
    }

    /** A total (score the sum of the raw data, not its mean), as JMH writes an {@code @AuxCounters(EVENTS)} counter. */
    static boolean isTotal(JsonNode metric) {
        double sum = 0;
        int n = 0;
        for (JsonNode fork : metric.get("rawData")) {
            for (JsonNode v : fork) {
                sum += v.asDouble();
                n++;
            }
        }
        double score = metric.get("score").asDouble();
        double mean = n == 0 ? 0 : sum / n;
        if (!close(score, sum)) return false;
        if (!close(score, mean)) return true;
        // All zero (or one value): the same either way but for the error, which JMH leaves out of a total.
        return n > 2 && "NaN".equals(metric.path("scoreError").asText());
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }
}
