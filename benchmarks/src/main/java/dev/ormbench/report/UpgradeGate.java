package dev.ormbench.report;

import dev.ormbench.report.JmhResults.BadInput;
import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.JmhResults.Role;
import dev.ormbench.report.Stats.Estimate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoubleFunction;
import java.util.stream.Stream;

/**
 * The upgrade gate: did a variant get slower from one build of the suite to another (another Hibernate version)?
 * FROM-DIR and TO-DIR hold the rounds {@code scripts/upgrade-gate.sh} measured, a folder each with one JMH run's
 * {@code jmh-result.json} (a short fork per benchmark); in a round both builds ran, one after the other. Per pattern,
 * params and variant ({@code bad…}, {@code good…}): the time on each build, the change TO/FROM with its 99.9 %
 * interval, and statements and bytes received per operation where the builds differ. The interval is
 * {@link Stats#turns}'s hierarchical bootstrap with a round as its unit (the round's FROM fork and TO fork drawn
 * together, so what the host did during that round weighs on both sides), then the iterations within it, iteration
 * i of one fork paired with iteration i of the other.
 * <p>
 * Verdict: slower when the whole interval is above 1x, faster when it is below, no clear change otherwise. Exit code
 * 3 when any variant is slower, 0 otherwise, 2 with one line on bad input.
 */
public final class UpgradeGate {

    static final int SLOWER = 3;

    static final String USAGE = """
            usage: java -cp benchmarks.jar dev.ormbench.report.UpgradeGate FROM-DIR TO-DIR [OUT-DIR]
                   (scripts/upgrade-gate.sh builds both jars, measures the rounds and then runs this)

            FROM-DIR, TO-DIR: one folder per round (round-1, round-2, ...), each with the jmh-result.json of one JMH run
            of that build and its environment.json; rounds are paired by folder name. Prints a Markdown table and
            writes it to OUT-DIR/GATE.md (default OUT-DIR: the folder that holds FROM-DIR).
            Exit 0: no variant slower; 3: a variant slower beyond its 99.9 % interval; 2: bad input.
            """;

    private UpgradeGate() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
                out.print(USAGE);
                return 0;
            }
            if (args.length < 2 || args.length > 3) {
                throw new BadInput("expected FROM-DIR TO-DIR [OUT-DIR], got " + args.length + " arguments; see --help");
            }
            Build from = Build.read(Path.of(args[0])), to = Build.read(Path.of(args[1]));
            Comparison c = compare(from, to);
            Path dir = Files.createDirectories(args.length == 3 ? Path.of(args[2]) : Path.of(args[0]).toAbsolutePath().getParent());
            String md = markdown(from, to, c) + files(dir, Path.of(args[0]), Path.of(args[1]));
            out.print(md);
            Files.writeString(dir.resolve("GATE.md"), md);
            if (c.slower().isEmpty()) return 0;
            err.println("upgrade gate: slower on " + to.label() + " beyond the 99.9 % interval: "
                    + String.join("; ", c.slower()) + " (exit " + SLOWER + ")");
            return SLOWER;
        } catch (BadInput e) {
            err.println("upgrade gate: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("upgrade gate: cannot write GATE.md: " + e);
            return 1;
        }
    }

    /** One build's rounds by folder name; its label is the Hibernate version its runs recorded, else the folder's name. */
    record Build(String label, Map<String, List<Result>> rounds) {

        static Build read(Path dir) {
            if (!Files.isDirectory(dir)) throw new BadInput(dir + " is not a folder of rounds (round-1/jmh-result.json, …)");
            Map<String, List<Result>> rounds = new TreeMap<>();
            String label = null;
            try (Stream<Path> list = Files.list(dir)) {
                for (Path round : list.sorted().toList()) {
                    if (!Files.isRegularFile(round.resolve("jmh-result.json"))) continue;
                    rounds.put(round.getFileName().toString(), JmhResults.read(round.resolve("jmh-result.json")));
                    Map<String, String> env = JmhResults.environment(round.resolve("environment.json"));
                    if (label == null && env != null) label = env.get("hibernate");
                }
            } catch (IOException e) {
                throw new BadInput("cannot read " + dir + ": " + e.getMessage());
            }
            if (rounds.isEmpty()) throw new BadInput(dir + " holds no round: no */jmh-result.json in it");
            return new Build(label != null ? "Hibernate " + label : dir.getFileName().toString(), rounds);
        }
    }

    /**
     * One variant at one set of params: mean times per operation on each build over the paired rounds (in
     * {@code unit}), the change TO/FROM, and the mean statements and bytes received per operation on each build.
     */
    record Row(String pattern, String params, String variant, String unit, int rounds, double fromTime, double toTime,
               Estimate change, double[] statements, double[] bytes) {

        String name() {
            return pattern + "." + variant + (params.isEmpty() ? "" : " (" + params + ")") + " " + Fmt.ratio(change);
        }

        String verdict() {
            return change.side() > 0 ? "**slower**" : change.side() < 0 ? "faster" : "no clear change";
        }
    }

    /**
     * The rows; the params every row has with one value (the dataset, rtt), said once above the table; and the
     * variants left out because the two versions never both measured them in one round (a failed benchmark).
     */
    record Comparison(Map<String, String> common, List<Row> rows, List<HeadlineRow> headlines, TreeSet<String> unpaired) {

        List<String> slower() {
            return rows.stream().filter(r -> r.change().side() > 0).map(Row::name).toList();
        }
    }

    /**
     * A pattern's headline at one set of params on each build: bad over good, with the 99.9 % interval of each, and
     * the change of the headline TO/FROM with its interval (the same bootstrap, a round's four forks drawn together).
     */
    record HeadlineRow(String pattern, String params, String bad, String good, Estimate from, Estimate to, Estimate change) {
    }

    /** A row for every bad… and good… variant that both builds measured in at least one common round. */
    static Comparison compare(Build from, Build to) {
        Map<String, Map<String, Result[]>> pairs = new TreeMap<>(); // class, params, role, method → round → {from, to}
        TreeSet<String> unpaired = new TreeSet<>();
        Stream.concat(from.rounds().values().stream(), to.rounds().values().stream()).flatMap(List::stream)
                .filter(UpgradeGate::gated).forEach(r -> unpaired.add(r.key()));
        for (var round : from.rounds().entrySet()) {
            List<Result> theirs = to.rounds().get(round.getKey());
            if (theirs == null) continue;
            Map<String, Result> byKey = new LinkedHashMap<>();
            theirs.forEach(r -> byKey.put(r.key(), r));
            for (Result f : round.getValue()) {
                Result t = byKey.get(f.key());
                if (t == null || !gated(f)) continue;
                String order = f.className() + " " + f.params() + " " + f.mode() + " " + f.role().ordinal() + " " + f.method();
                pairs.computeIfAbsent(order, k -> new TreeMap<>()).put(round.getKey(), new Result[] {f, t});
            }
        }
        if (pairs.isEmpty()) {
            throw new BadInput("no bad… or good… benchmark was measured by both builds in the same round (rounds: "
                    + from.rounds().keySet() + " and " + to.rounds().keySet() + ")");
        }
        Map<String, String> common = new TreeMap<>(first(pairs.values().iterator().next()).params());
        pairs.values().forEach(p -> common.entrySet().removeIf(e -> !e.getValue().equals(first(p).params().get(e.getKey()))));
        pairs.values().forEach(p -> unpaired.remove(first(p).key()));
        return new Comparison(common, pairs.values().stream().map(p -> row(List.copyOf(p.values()), common)).toList(),
                headlines(pairs, common), unpaired);
    }

    private static Result first(Map<String, Result[]> rounds) {
        return rounds.values().iterator().next()[0];
    }

    /** Per pattern and params with one bad… and one good… variant: the headline on each build and its change. */
    private static List<HeadlineRow> headlines(Map<String, Map<String, Result[]>> pairs, Map<String, String> common) {
        Map<String, Map<Role, Map<String, Result[]>>> byRow = new LinkedHashMap<>();
        for (Map<String, Result[]> p : pairs.values()) {
            Result r = first(p);
            byRow.computeIfAbsent(r.className() + " " + r.params() + " " + r.mode(), k -> new TreeMap<>()).merge(r.role(), p, (a, b) -> null);
        }
        List<HeadlineRow> out = new ArrayList<>();
        for (Map<Role, Map<String, Result[]>> roles : byRow.values()) {
            Map<String, Result[]> bad = roles.get(Role.BAD), good = roles.get(Role.GOOD);
            if (bad == null || good == null) continue; // two of a role (merged to null) or one missing: no headline
            List<double[][]> units = new ArrayList<>();
            for (var round : bad.entrySet()) {
                Result[] g = good.get(round.getKey());
                if (g == null) continue;
                double[] bf = times(round.getValue()[0]), gf = times(g[0]), bt = times(round.getValue()[1]), gt = times(g[1]);
                int n = Math.min(Math.min(bf.length, gf.length), Math.min(bt.length, gt.length));
                double[][] unit = new double[n][];
                for (int i = 0; i < n; i++) unit[i] = new double[] {bf[i], gf[i], bt[i], gt[i]};
                units.add(unit);
            }
            if (units.isEmpty()) continue;
            Result b = first(bad), g = first(good);
            out.add(new HeadlineRow(pattern(b), params(b, common), b.method(), g.method(),
                    Stats.resampled(List.of(units), s -> s[0] / s[1]), Stats.resampled(List.of(units), s -> s[2] / s[3]),
                    Stats.resampled(List.of(units), s -> (s[2] / s[3]) / (s[0] / s[1]))));
        }
        return out;
    }

    private static boolean gated(Result r) {
        return r.role() == Role.BAD || r.role() == Role.GOOD;
    }

    private static Row row(List<Result[]> rounds, Map<String, String> common) {
        List<double[][]> units = new ArrayList<>();
        double sumFrom = 0, sumTo = 0;
        int n = 0;
        for (Result[] pair : rounds) {
            double[] f = times(pair[0]), t = times(pair[1]);
            double[][] unit = new double[Math.min(f.length, t.length)][];
            for (int i = 0; i < unit.length; i++) {
                unit[i] = new double[] {t[i], f[i]};
                sumFrom += f[i];
                sumTo += t[i];
                n++;
            }
            units.add(unit);
        }
        Result first = rounds.get(0)[0];
        String simple = pattern(first), params = params(first, common);
        String unit = first.primary().unit();
        if (first.higherIsBetter() && unit.startsWith("ops/")) unit = unit.substring(4) + "/op";
        return new Row(simple, params, first.method(), unit, rounds.size(), sumFrom / n, sumTo / n,
                Stats.turns(List.of(units)), secondary(rounds, "statements"), secondary(rounds, "bytesReceived"));
    }

    /** {@code JoinFetch}: the class's simple name without its {@code Benchmark} suffix. */
    private static String pattern(Result r) {
        return r.className().substring(r.className().lastIndexOf('.') + 1).replaceFirst("Benchmark$", "");
    }

    /** The result's params but those every row shares ({@code common}, said once above the table). */
    private static String params(Result r, Map<String, String> common) {
        return String.join(", ", r.params().entrySet().stream().filter(e -> !common.containsKey(e.getKey())).map(Object::toString).toList());
    }

    /** A result's per-iteration times per operation (throughput turned into its inverse); its score without them. */
    private static double[] times(Result r) {
        double[] xs = r.primary().iterations().clone();
        if (xs.length == 0) xs = new double[] {r.primary().score()};
        if (r.higherIsBetter()) for (int i = 0; i < xs.length; i++) xs[i] = 1 / xs[i];
        return xs;
    }

    /** The mean of a per-operation metric over the rounds, {from, to}; NaN where a build did not record it. */
    private static double[] secondary(List<Result[]> rounds, String name) {
        double[] sum = new double[2];
        for (Result[] pair : rounds) for (int s = 0; s < 2; s++) sum[s] += pair[s].secondary(name);
        return new double[] {sum[0] / rounds.size(), sum[1] / rounds.size()};
    }

    static String markdown(Build from, Build to, Comparison c) {
        IntSummaryStatistics rounds = c.rows().stream().mapToInt(Row::rounds).summaryStatistics();
        StringBuilder md = new StringBuilder("# Upgrade gate: " + from.label() + " → " + to.label() + "\n\n");
        md.append(rounds.getMin() == rounds.getMax() ? Fmt.plural(rounds.getMin(), "round")
                        : rounds.getMin() + "–" + rounds.getMax() + " rounds")
                .append(", each one short fork of every variant on both builds, in random order. Change: ")
                .append(to.label()).append(" / ").append(from.label())
                .append(" time per operation, with its 99.9 % interval (a bootstrap over the rounds, then the iterations).");
        if (!c.common().isEmpty()) {
            md.append(" Every row: ").append(String.join(", ", c.common().entrySet().stream().map(Object::toString).toList()));
        }
        Table table = new Table(List.of("pattern", "params", "variant", from.label(), to.label(), "change (99.9 %)", "verdict",
                "statements", "bytes received"), List.of(false, false, false, true, true, true, false, true, true));
        for (Row r : c.rows()) {
            table.add(r.pattern(), r.params(), r.variant(), Fmt.sig3(r.fromTime()) + " " + r.unit(),
                    Fmt.sig3(r.toTime()) + " " + r.unit(), Fmt.ratio(r.change()), r.verdict(),
                    fromTo(r.statements(), Fmt::count), fromTo(r.bytes(), Fmt::bytes));
        }
        md.append("\n\n").append(table.render()).append('\n');
        md.append(c.slower().isEmpty() ? "No variant is slower on " + to.label() + " beyond its 99.9 % interval (exit 0).\n"
                : "**Slower on " + to.label() + " beyond the 99.9 % interval** (exit " + SLOWER + "): "
                + String.join("; ", c.slower()) + ".\n");
        if (!c.headlines().isEmpty()) {
            md.append("\n## Headlines on both lines\n\n").append("Each pattern's headline, its bad… variant's time over its good… ")
                    .append("variant's, on each build with its 99.9 % interval, and how it moved: ").append(to.label()).append("'s headline over ")
                    .append(from.label()).append("'s (the same bootstrap, each round's four forks drawn together). \"Same\" when that ")
                    .append("interval spans 1x.\n\n");
            Table h = new Table(List.of("pattern", "params", "bad → good", from.label(), to.label(), "change (99.9 %)"),
                    List.of(false, false, false, true, true, true));
            for (HeadlineRow r : c.headlines()) {
                h.add(r.pattern(), r.params(), "`" + r.bad() + "` → `" + r.good() + "`",
                        Fmt.ratio(r.from()), Fmt.ratio(r.to()), moved(r.change()));
            }
            md.append(h.render());
        }
        if (!c.unpaired().isEmpty()) {
            md.append("\nLeft out, not measured by both versions in any one round: ").append(String.join("; ", c.unpaired()))
                    .append(".\n");
        }
        if (rounds.getMin() < 11) {
            md.append("\nWith ").append(Fmt.plural(rounds.getMin(), "round")).append(" the interval holds 99.9 % only when the rounds agree: "
                    + "if forks differ more than the iterations within them, a variant that did not change still reads slower "
                    + "when every round happens to fall above 1x, about once in ").append(1 << rounds.getMin())
                    .append(". Re-run what is flagged, or measure 11 rounds or more of fewer patterns.\n");
        }
        return md.toString();
    }

    /**
     * The closing line: every file the table was computed from (each round's JSON, environment and plans, who ran
     * first), linked from GATE.md's folder {@code dir}, so that a committed gate links all it holds.
     */
    static String files(Path dir, Path... builds) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        List<String> links = new ArrayList<>();
        for (Path build : builds) {
            try (Stream<Path> walk = Files.walk(build)) {
                for (Path f : walk.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".jar")).sorted().toList()) {
                    String rel = base.relativize(f.toAbsolutePath().normalize()).toString().replace('\\', '/');
                    links.add("[`" + rel + "`](" + rel + ")");
                }
            }
        }
        if (Files.isRegularFile(base.resolve("order.txt"))) links.add("[`order.txt`](order.txt) (which build ran first in each round)");
        return links.isEmpty() ? "" : "\nMeasured from: " + String.join(", ", links) + ".\n";
    }

    /** A headline's change in words from its interval: higher, lower, or the same. */
    static String moved(Estimate e) {
        if (!e.hasInterval()) return Fmt.ratio(e) + ", no interval";
        return Fmt.ratio(e) + (e.side() > 0 ? ", higher" : e.side() < 0 ? ", lower" : ", same");
    }

    /** {@code a} when both builds read the same (within 0.5 %), {@code a → b} when they differ, {@code n/a} unrecorded. */
    private static String fromTo(double[] v, DoubleFunction<String> fmt) {
        if (Double.isNaN(v[0]) && Double.isNaN(v[1])) return "n/a";
        if (Math.abs(v[0] - v[1]) <= 0.005 * Math.max(Math.abs(v[0]), Math.abs(v[1]))) return fmt.apply(v[0]);
        return fmt.apply(v[0]) + " → " + fmt.apply(v[1]);
    }
}
