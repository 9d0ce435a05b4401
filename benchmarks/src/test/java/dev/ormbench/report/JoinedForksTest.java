package dev.ormbench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.util.ListStatistics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Forks run in JMH invocations of their own, joined: one result per benchmark and params with every fork's raw data,
 * its mean and 99.9 % interval as JMH computes them, its counters' totals per operation as one invocation of every
 * fork would give them; and the report reads the joined
 * result as one trial of several forks.
 */
class JoinedForksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One fork's result of a paired benchmark as JMH writes it: time per iteration, badTurn a total per iteration. */
    private static String fork(String params, double[] times, double[] badTurn) throws Exception {
        ListStatistics t = new ListStatistics(times);
        double turns = 0;
        for (double b : badTurn) turns += b;
        return """
                {"benchmark": "dev.ormbench.patterns.NPlusOneBenchmark.pairedHeadline", "mode": "avgt", "forks": 1,
                 "params": %s,
                 "primaryMetric": {"score": %s, "scoreError": %s, "scoreConfidence": [%s, %s],
                   "scorePercentiles": {"0.0": 0, "50.0": 0, "100.0": 0}, "scoreUnit": "us/op", "rawData": [%s]},
                 "secondaryMetrics": {"badTurn": {"score": %s, "scoreError": "NaN", "scoreConfidence": [%s, %s],
                   "scorePercentiles": {"0.0": 0, "100.0": 0}, "scoreUnit": "#", "rawData": [%s]}}}
                """.formatted(params, t.getMean(), t.getMeanErrorAt(0.999), t.getConfidenceIntervalAt(0.999)[0],
                t.getConfidenceIntervalAt(0.999)[1], JSON.writeValueAsString(times), turns, turns, turns,
                JSON.writeValueAsString(badTurn));
    }

    private static final String LARGE = "{\"dataset\": \"large\", \"rtt\": \"0\"}";
    private static final String SMALL = "{\"dataset\": \"small\", \"rtt\": \"0\"}";

    @Test
    void joinsTheForksOfEachBenchmarkAndRecomputesWhatJmhComputes() throws Exception {
        double[] a = {40, 10, 42, 11};
        double[] b = {12, 48, 13, 50};
        double[] turnsA = {0.25, 0, 0.25, 0};
        double[] turnsB = {0, 0.25, 0, 0.25};
        JsonNode one = JSON.readTree("[" + fork(LARGE, a, turnsA) + "," + fork(SMALL, a, turnsA) + "]");
        JsonNode two = JSON.readTree("[" + fork(LARGE, b, turnsB) + "]");

        ArrayNode joined = JoinedForks.join(List.of(one, two));

        assertThat(joined).hasSize(2);
        JsonNode large = joined.get(0);
        assertThat(large.get("forks").asInt()).isEqualTo(2);
        JsonNode primary = large.get("primaryMetric");
        assertThat(primary.get("rawData")).hasSize(2);
        assertThat(primary.get("rawData").get(1).get(1).asDouble()).isEqualTo(48);
        ListStatistics all = new ListStatistics(new double[] {40, 10, 42, 11, 12, 48, 13, 50});
        assertThat(primary.get("score").asDouble()).isCloseTo(all.getMean(), within(1e-9));
        assertThat(primary.get("scoreError").asDouble()).isCloseTo(all.getMeanErrorAt(0.999), within(1e-9));
        assertThat(primary.get("scoreConfidence").get(0).asDouble()).isCloseTo(all.getConfidenceIntervalAt(0.999)[0], within(1e-9));
        assertThat(primary.get("scorePercentiles").get("100.0").asDouble()).isEqualTo(50);
        // A counter's score is its total over every iteration, as in one invocation of two forks, whose counters
        // would have divided by two forks where each run alone divided by one: half a bad turn per operation in
        // each fork is half a bad turn per operation joined, not one.
        JsonNode badTurn = large.get("secondaryMetrics").get("badTurn");
        assertThat(badTurn.get("score").asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(badTurn.get("scoreConfidence").get(1).asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(badTurn.get("rawData").get(1).get(1).asDouble()).isCloseTo(0.125, within(1e-12));
        assertThat(badTurn.get("rawData").get(0).get(1).asDouble()).isZero();
        assertThat(badTurn.get("scorePercentiles").get("100.0").asDouble()).isCloseTo(0.125, within(1e-12));
        assertThat(badTurn.get("scoreError").asText()).isEqualTo("NaN");
        // A benchmark one run alone measured passes unchanged.
        assertThat(joined.get(1)).isEqualTo(one.get(1));
    }

    @Test
    void theReportReadsTheJoinedForksAsOneTrial(@TempDir Path dir) throws Exception {
        JsonNode one = JSON.readTree("[" + fork(LARGE, new double[] {40, 10, 42, 11}, new double[] {0.25, 0, 0.25, 0}) + "]");
        JsonNode two = JSON.readTree("[" + fork(LARGE, new double[] {12, 48, 13, 50}, new double[] {0, 0.25, 0, 0.25}) + "]");
        Path in1 = dir.resolve("1.json");
        Path in2 = dir.resolve("2.json");
        Path out = dir.resolve("joined.json");
        Files.writeString(in1, one.toString());
        Files.writeString(in2, two.toString());
        JoinedForks.main(new String[] {out.toString(), in1.toString(), in2.toString()});

        List<JmhResults.Result> results = JmhResults.read(out);
        assertThat(results).hasSize(1);
        Paired.Headline headline = Paired.headline(results);
        assertThat(headline.trials()).hasSize(1);
        assertThat(headline.rounds()).isEqualTo(4);
        assertThat(headline.ratio().value()).isCloseTo((40 + 42 + 48 + 50) / (10.0 + 11 + 12 + 13), within(1e-9));
    }
}
