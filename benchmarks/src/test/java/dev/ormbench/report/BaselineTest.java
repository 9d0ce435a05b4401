package dev.ormbench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ormbench.report.Baseline.Change;
import dev.ormbench.report.Baseline.Comparison;
import dev.ormbench.report.Baseline.Verdict;
import dev.ormbench.report.JmhResults.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two runs compared: only a change whose intervals do not overlap is flagged. The fixtures, 3 iterations each
 * (t(0.9995, 2) = 31.6, so an interval is mean ± 18.2 · s):
 * <ul>
 *   <li>goodJoin small 10 ± 1.82 → 20 ± 3.65: a real regression;</li>
 *   <li>goodJoin medium 50 ± 18.2 → 20 ± 3.65: a real improvement;</li>
 *   <li>floorJdbc small 6 ± 18.2 → 7.5 ± 18.2: 25 % slower on average, but noise;</li>
 *   <li>badLoop small 100 ± 18.2 → 100 ± 9.1: no change;</li>
 *   <li>floorJdbc medium: two iterations, no verdict possible;</li>
 *   <li>badLoop medium only in the baseline, badLoop large only in the new run.</li>
 * </ul>
 */
class BaselineTest {

    @Test
    void onlyARealChangeIsFlagged() {
        Comparison c = Baseline.compare(JmhResults.read(ReportTest.fixture("diff-old.json")),
                JmhResults.read(ReportTest.fixture("diff-new.json")));
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (Change ch : c.changes()) verdicts.put(ch.now().method() + " " + ch.now().params().get("dataset"), ch.verdict());
        assertThat(verdicts).containsExactly(
                Map.entry("badLoop small", Verdict.SAME),
                Map.entry("floorJdbc small", Verdict.SAME),
                Map.entry("floorJdbc medium", Verdict.UNKNOWN),
                Map.entry("goodJoin small", Verdict.REGRESSION),
                Map.entry("goodJoin medium", Verdict.IMPROVEMENT));
        assertThat(c.onlyNew()).extracting(r -> r.method() + " " + r.params().get("dataset")).containsExactly("badLoop large");
        assertThat(c.onlyOld()).extracting(r -> r.method() + " " + r.params().get("dataset")).containsExactly("badLoop medium");

        Change regression = c.changes().stream().filter(ch -> ch.verdict() == Verdict.REGRESSION).findFirst().orElseThrow();
        assertThat(regression.ratio().value()).isEqualTo(2.0);
        assertThat(Fmt.ratio(regression.ratio())).isEqualTo("2.00x (1.86–2.15)");
    }

    @Test
    void aParamAddedBetweenTheRunsIsIgnoredToPairThem(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ArrayNode results = (ArrayNode) json.readTree(ReportTest.fixture("diff-new.json").toFile());
        results.forEach(r -> ((ObjectNode) r.get("params")).put("rtt", "0"));
        Path withRtt = dir.resolve("with-rtt.json");
        json.writeValue(withRtt.toFile(), results);
        Comparison c = Baseline.compare(JmhResults.read(ReportTest.fixture("diff-old.json")), JmhResults.read(withRtt));
        assertThat(c.ignoredParams()).containsExactly("rtt");
        assertThat(c.changes()).hasSize(5).filteredOn(ch -> ch.verdict() == Verdict.REGRESSION).singleElement()
                .satisfies(ch -> assertThat(ch.now().params()).containsEntry("rtt", "0").containsEntry("dataset", "small"));
        assertThat(c.onlyNew()).hasSize(1);
        assertThat(c.onlyOld()).hasSize(1);
    }

    @Test
    void aRunComparedWithItselfHasNoChange() {
        List<Result> run = JmhResults.read(ReportTest.fixture("jmh-result.json"));
        Comparison c = Baseline.compare(run, run);
        assertThat(c.changes()).hasSize(18).allSatisfy(ch -> {
            assertThat(ch.verdict()).isEqualTo(Verdict.SAME);
            assertThat(ch.ratio().value()).isEqualTo(1.0);
        });
        assertThat(c.onlyNew()).isEmpty();
        assertThat(c.onlyOld()).isEmpty();
        assertThat(c.ignoredParams()).isEmpty();
    }

    @Test
    void theReportFlagsTheRegressionAndTheImprovementAndNothingElse(@TempDir Path out) throws Exception {
        ReportTest.Outcome o = ReportTest.report("diff-new.json", out, "--baseline", ReportTest.fixture("diff-old.json").toString());
        assertThat(o.exitCode()).isZero();
        assertThat(o.stdout()).contains("1 regression, 1 improvement, 2 without significant change, 1 without a verdict");
        String md = Files.readString(out.resolve("REPORT.md"));
        assertThat(md.lines().filter(l -> l.endsWith("| **regression** |"))).hasSize(1);
        assertThat(md.lines().filter(l -> l.endsWith("| **improvement** |"))).hasSize(1);
        assertThat(md)
                .contains("| DemoBenchmark.goodJoin | dataset=small | avgt | 10.0 ± 1.82 us/op | 20.0 ± 3.65 us/op | 2.00x (1.86–2.15) "
                        + "| 1 → 2 | **regression** |")
                .contains("| DemoBenchmark.floorJdbc | dataset=small | avgt | 6.00 ± 18.2 us/op | 7.50 ± 18.2 us/op | 1.25x (0.407–3.84) "
                        + "| 1 → 1 | no significant change (the intervals overlap) |")
                .contains("Only in this run: DemoBenchmark.badLoop dataset=large.")
                .contains("Only in the baseline: DemoBenchmark.badLoop dataset=medium.");
        List<String> csv = Files.readAllLines(out.resolve("comparison.csv"));
        assertThat(csv.getFirst()).isEqualTo("benchmark,mode,params,unit,old_score,old_low,old_high,new_score,new_low,new_high,"
                + "ratio,ratio_low,ratio_high,old_statements_per_op,new_statements_per_op,verdict");
        assertThat(csv).anySatisfy(line -> assertThat(line)
                .startsWith("dev.ormbench.patterns.DemoBenchmark.goodJoin,avgt,dataset=small,us/op,10,").endsWith(",1,2,regression"));
    }

    @Test
    void theGateExitsThreeOnARegressionAndZeroWithout(@TempDir Path out) throws Exception {
        String old = ReportTest.fixture("diff-old.json").toString();
        ReportTest.Outcome gated = ReportTest.report("diff-new.json", out.resolve("a"), "--baseline", old, "--fail-on-regression");
        assertThat(gated.exitCode()).isEqualTo(3);
        assertThat(gated.stderr()).singleElement().asString().contains("1 regression against").endsWith("exit 3");
        assertThat(out.resolve("a/REPORT.md")).exists(); // the report is written all the same, to show which

        // The same run against itself: nothing slower, exit 0. Without the flag a regression is reported, not fatal.
        String now = ReportTest.fixture("diff-new.json").toString();
        assertThat(ReportTest.report("diff-new.json", out.resolve("b"), "--baseline", now, "--fail-on-regression").exitCode()).isZero();
        assertThat(ReportTest.report("diff-new.json", out.resolve("c"), "--baseline", old).exitCode()).isZero();
        ReportTest.Outcome noBaseline = ReportTest.report("diff-new.json", out.resolve("d"), "--fail-on-regression");
        assertThat(noBaseline.exitCode()).isEqualTo(2);
        assertThat(noBaseline.stderr()).singleElement().asString().contains("--fail-on-regression needs --baseline");
    }

    private static final String PLANS = """
            === PaginationBenchmark.badOffset dataset=large depth=90pct rtt=0 sortKey=id
            --- select p.id from posts p order by p.id offset ? rows fetch first ? rows only
            parameters: [90000, 20]
            custom plan:
            Limit
              ->  Index Scan using posts_pkey on posts p
            generic plan:
            Limit
              ->  Index Scan using posts_pkey on posts p
            --- select count(*) from posts
            custom plan:
            Aggregate
              ->  Seq Scan on posts
            === PaginationBenchmark.badOffset dataset=small depth=90pct rtt=0 sortKey=id
            --- select p.id from posts p order by p.id offset ? rows fetch first ? rows only
            parameters: [900, 20]
            custom plan:
            Limit
              ->  Index Scan using posts_pkey on posts p
            """;

    @Test
    void theStatementWhosePlanChangedIsNamedAndNoOther(@TempDir Path dir) throws Exception {
        Path old = Files.createDirectories(dir.resolve("old")).resolve("jmh-result.json");
        Path now = Files.createDirectories(dir.resolve("new")).resolve("jmh-result.json");
        Files.writeString(old.resolveSibling("plans.txt"), PLANS);
        // The large page's custom plan turns into a sort of a sequential scan; its parameters change too, which alone
        // is no change of plan; the small page and the count keep theirs.
        String changed = PLANS.replaceFirst("parameters: \\[90000, 20\\]\ncustom plan:\nLimit\n  ->  Index Scan using posts_pkey on posts p",
                "parameters: [90020, 20]\ncustom plan:\nLimit\n  ->  Sort\n        Sort Key: p.id\n        ->  Seq Scan on posts p");
        assertThat(changed).isNotEqualTo(PLANS);
        Files.writeString(now.resolveSibling("plans.txt"), changed);

        assertThat(Baseline.changedPlans(old, now)).containsExactly(
                "PaginationBenchmark.badOffset dataset=large depth=90pct rtt=0 sortKey=id: "
                        + "select p.id from posts p order by p.id offset ? rows fetch first ? rows only");
        assertThat(Baseline.changedPlans(old, old)).isEmpty();
        // A run without plans.txt compares nothing.
        Files.delete(old.resolveSibling("plans.txt"));
        assertThat(Baseline.changedPlans(old, now)).isEmpty();
    }
}
