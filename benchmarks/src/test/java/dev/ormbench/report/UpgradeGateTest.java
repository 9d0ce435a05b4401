package dev.ormbench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upgrade gate on synthetic rounds with a known answer: two builds of JoinFetch (bad 200 µs, good 100 µs per
 * operation), 4 rounds of 10 iterations each, every iteration × 1 ± 2 % noise, and each round × its host phase
 * (1, 1.6, 0.8, 1.3), which falls on both builds of the round alike unless a test says otherwise.
 */
class UpgradeGateTest {

    private static final double[] PHASES = {1, 1.6, 0.8, 1.3};
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the TO build does differently: a factor on its bad and good times, and one round it alone runs slowed. */
    private record To(double bad, double good, int slowRound, double slowBy, int statements) {
        static final To SAME = new To(1, 1, -1, 1, 3);
    }

    @Test
    void aSlowdownInEveryRoundExitsThreeAndNamesTheVariant(@TempDir Path dir) throws Exception {
        Run run = gate(dir, new To(0.8, 1.25, -1, 1, 5));
        assertThat(run.code()).isEqualTo(UpgradeGate.SLOWER);
        assertThat(run.err()).contains("JoinFetch.goodJoinFetch").doesNotContain("badJoinThenLazy");
        assertThat(run.out()).containsPattern("\\| goodJoinFetch \\| 1\\d\\d us/op \\| 1\\d\\d us/op \\| 1\\.2\\dx \\(1\\.\\d+–1\\.\\d+\\) \\| \\*\\*slower\\*\\* \\| 3 → 5 \\|")
                .containsPattern("\\| badJoinThenLazy \\| .* \\| 0\\.[78]\\d+x \\(.*\\) \\| faster \\| 3 → 5 \\|")
                .contains("Hibernate 6.6.13.Final → Hibernate 7.1.0.Final", "Every row: dataset=small, rtt=0");
        // The headline on each line: 200/100 on 6.6, 160/125 on 7.1, so the headline is 0.64x what it was.
        assertThat(run.out()).contains("## Headlines on both lines")
                .containsPattern("\\| JoinFetch \\|  \\| `badJoinThenLazy` → `goodJoinFetch` \\| (1\\.99|2\\.0\\d)x \\(.*\\) \\| "
                        + "1\\.2\\d+x \\(.*\\) \\| 0\\.6\\d+x \\(0\\.\\d+–0\\.\\d+\\), lower \\|");
        // Every file it was computed from is linked.
        assertThat(run.out()).contains("[`from/round-1/jmh-result.json`](from/round-1/jmh-result.json)",
                "[`to/round-4/environment.json`](to/round-4/environment.json)");
        assertThat(dir.resolve("GATE.md")).content(StandardCharsets.UTF_8).isEqualTo(run.out());
    }

    @Test
    void theSameDistributionOnBothBuildsExitsZero(@TempDir Path dir) throws Exception {
        Run run = gate(dir, To.SAME);
        assertThat(run.code()).isZero();
        assertThat(run.out()).doesNotContain("**slower**", "faster", "→ 3").contains("No variant is slower")
                .containsPattern("\\| (1\\.99|2\\.0\\d)x \\(.*\\) \\| (1\\.99|2\\.0\\d)x \\(.*\\) \\| [01]\\.\\d+x \\(.*\\), same \\|");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aPhaseThatHitsOneRoundOfOneBuildDoesNotTripIt(@TempDir Path dir) throws Exception {
        // TO's round 3 runs 2x slower, FROM's does not: 1.17x over all rounds, and a bootstrap over the 40 iterations
        // alone would call it slower; over the rounds it is one round of four.
        Run run = gate(dir, new To(1, 1, 2, 2, 3));
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("no clear change").doesNotContain("**slower**");
    }

    @Test
    void aVariantOneVersionNeverMeasuredIsLeftOutByName(@TempDir Path dir) throws Exception {
        gate(dir, To.SAME);
        for (int r = 1; r <= PHASES.length; r++) {
            Path json = dir.resolve("to/round-" + r + "/jmh-result.json");
            ArrayNode results = (ArrayNode) JSON.readTree(json.toFile());
            results.remove(1);
            JSON.writeValue(json.toFile(), results);
        }
        Run run = run(dir.resolve("from").toString(), dir.resolve("to").toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("| badJoinThenLazy |").doesNotContain("| goodJoinFetch |").contains("Left out, not "
                + "measured by both versions in any one round: dev.ormbench.patterns.JoinFetchBenchmark.goodJoinFetch avgt");
    }

    @Test
    void badInputExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
        assertThat(run(dir.resolve("missing").toString(), dir.toString()).code()).isEqualTo(2);
        Files.createDirectories(dir.resolve("from/round-1"));
        Files.createDirectories(dir.resolve("to/round-1"));
        Run empty = run(dir.resolve("from").toString(), dir.resolve("to").toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).startsWith("upgrade gate: ").contains("holds no round").hasLineCount(1);
        Files.writeString(dir.resolve("from/round-1/jmh-result.json"), "[{\"benchmark\": ");
        Files.writeString(dir.resolve("to/round-1/jmh-result.json"), "[]");
        Run broken = run(dir.resolve("from").toString(), dir.resolve("to").toString());
        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.err()).contains("not valid JSON").hasLineCount(1);
        assertThat(run(dir.resolve("from").toString()).err()).contains("expected FROM-DIR TO-DIR [OUT-DIR]");
        assertThat(dir.resolve("GATE.md")).doesNotExist();
    }

    @Test
    void roundsMeasuredByOneBuildOnlyAreBadInput(@TempDir Path dir) throws Exception {
        write(dir.resolve("from/round-1"), "6.6.13.Final", 1, 1, 1, 3, new Random(1));
        write(dir.resolve("to/round-2"), "7.1.0.Final", 1, 1, 1, 3, new Random(2));
        Run run = run(dir.resolve("from").toString(), dir.resolve("to").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("no bad… or good… benchmark was measured by both builds in the same round");
    }

    private record Run(int code, String out, String err) {
    }

    /** Writes 4 rounds of both builds, TO changed as {@code to} says, and runs the gate on them. */
    private static Run gate(Path dir, To to) throws Exception {
        Random random = new Random(42);
        for (int r = 0; r < PHASES.length; r++) {
            double phase = PHASES[r], slow = r == to.slowRound() ? to.slowBy() : 1;
            write(dir.resolve("from/round-" + (r + 1)), "6.6.13.Final", phase, 1, 1, 3, random);
            write(dir.resolve("to/round-" + (r + 1)), "7.1.0.Final", phase * slow, to.bad(), to.good(), to.statements(), random);
        }
        return run(dir.resolve("from").toString(), dir.resolve("to").toString(), dir.toString());
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = UpgradeGate.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** One round of one build: JMH's JSON of JoinFetch's bad and good variants, one fork of 10 iterations, and its environment. */
    private static void write(Path round, String hibernate, double phase, double bad, double good, int statements, Random random)
            throws Exception {
        Files.createDirectories(round);
        ArrayNode results = JSON.createArrayNode();
        results.add(result("badJoinThenLazy", 200 * bad * phase, statements, random));
        results.add(result("goodJoinFetch", 100 * good * phase, statements, random));
        JSON.writeValue(round.resolve("jmh-result.json").toFile(), results);
        JSON.writeValue(round.resolve("environment.json").toFile(), JSON.createObjectNode().put("hibernate", hibernate));
    }

    private static ObjectNode result(String method, double micros, int statements, Random random) {
        ObjectNode r = JSON.createObjectNode().put("benchmark", "dev.ormbench.patterns.JoinFetchBenchmark." + method)
                .put("mode", "avgt").put("forks", 1);
        r.putObject("params").put("dataset", "small").put("rtt", "0");
        ArrayNode iterations = r.putObject("primaryMetric").put("score", micros).put("scoreError", "NaN")
                .put("scoreUnit", "us/op").putArray("rawData").addArray();
        for (int i = 0; i < 10; i++) iterations.add(micros * (1 + 0.02 * random.nextGaussian()));
        r.putObject("secondaryMetrics").putObject("statements").put("score", statements).put("scoreError", "NaN")
                .put("scoreUnit", "#/op");
        return r;
    }
}
