package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.JmhResults.Role;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Pairs the variants of a run by nothing but names: one benchmark class is one pattern, its methods are the
 * variants ({@code bad…}, {@code pitfall…}, {@code good…}, {@code alt…}, {@code floor…} by prefix), and one combination of {@code @Param}s (and
 * mode) is one row. Knows nothing of what the benchmarks do.
 */
public final class Patterns {

    /** The order of dataset sizes; other names sort after these, alphabetically. */
    static final List<String> SIZES = List.of("tiny", "xsmall", "small", "medium", "large", "xlarge", "huge");

    private Patterns() {
    }

    /**
     * One benchmark class of the run. {@code headline} is bad vs good when the class has exactly one of each (chosen
     * by the method names, before any number is read); otherwise null, and {@code noHeadline} says why.
     * {@code turns}: the headline pair measured in turns ({@code paired…}), by params, where the run has it.
     */
    public record Pattern(String className, List<String> variants, Map<String, Role> roles, List<String> columns,
                          Map<String, String> constants, List<Row> rows, Pair headline, String noHeadline,
                          List<String> warnings, Map<String, List<String>> values, Map<String, Paired.Headline> turns) {

        /** The headline pair in turns at {@code row}'s params, or null when the run did not measure it there. */
        public Paired.Headline turns(Row row) {
            return turns.get(row.params().toString());
        }

        /** The class name without package and without a {@code Benchmark} suffix: {@code JoinFetch}. */
        public String name() {
            String simple = className.substring(className.lastIndexOf('.') + 1);
            return simple.endsWith("Benchmark") && simple.length() > "Benchmark".length()
                    ? simple.substring(0, simple.length() - "Benchmark".length()) : simple;
        }

        public boolean hasRole(Role role) {
            return roles.containsValue(role);
        }

        /**
         * The params a line chart can run along: two or more values, at least two of them numbers ({@code 10},
         * {@code 1ms}, {@code 90pct}), or dataset sizes; their values in the order the run measured them (JMH's
         * order of the {@code @Param} values), not alphabetical.
         */
        public Map<String, List<String>> axes() {
            Map<String, List<String>> out = new LinkedHashMap<>();
            values.forEach((k, vs) -> {
                long numbers = vs.stream().filter(v -> !v.isEmpty() && Character.isDigit(v.charAt(0))).count();
                long sizes = vs.stream().filter(SIZES::contains).count();
                if (vs.size() >= 2 && (numbers >= 2 || k.equals("dataset") && sizes >= 2)) {
                    out.put(k, k.equals("dataset") ? vs.stream().sorted(Patterns::compareSizes).toList() : vs);
                }
            });
            return out;
        }

        /** The one bad… variant every row is compared with, or null when there is none or several. */
        public String bad() {
            List<String> bads = byRole(roles, Role.BAD);
            return bads.size() == 1 ? bads.get(0) : null;
        }

        /** The variants' modes, when they differ from row to row. */
        public boolean severalModes() {
            return rows.stream().map(Row::mode).distinct().count() > 1;
        }
    }

    /** One combination of params and mode, with the result of each variant measured there. */
    public record Row(String mode, Map<String, String> params, Map<String, Result> cells) {

        /** The values of {@code columns}, for a table: {@code small, bookAuthor}. */
        List<String> values(List<String> columns) {
            return columns.stream().map(c -> params.getOrDefault(c, "")).toList();
        }
    }

    /** A comparison shown as a speedup: how many times better {@code to} is than {@code from}. */
    public record Pair(String from, String to) {
    }

    /** A speedup of one row, or why there is none ({@code gap}). */
    public record Speedup(Stats.Estimate estimate, String gap) {
    }

    /** The patterns of a run, in class-name order; results of classes without any role-named method are left out. */
    public static List<Pattern> of(List<Result> results) {
        Map<String, List<Result>> byClass = new TreeMap<>();
        for (Result r : results) byClass.computeIfAbsent(r.className(), k -> new ArrayList<>()).add(r);
        List<Pattern> out = new ArrayList<>();
        for (List<Result> rs : byClass.values()) {
            if (rs.stream().allMatch(r -> r.role() == Role.OTHER)) continue;
            out.add(pattern(rs));
        }
        return out;
    }

    /** The classes that were left out because none of their methods is named by role. */
    public static Set<String> foreignClasses(List<Result> results) {
        Map<String, Boolean> hasRole = new TreeMap<>();
        for (Result r : results) hasRole.merge(r.className(), r.role() != Role.OTHER, Boolean::logicalOr);
        return hasRole.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Pattern pattern(List<Result> all) {
        String className = all.get(0).className();
        List<String> warnings = new ArrayList<>();
        // The pair in turns is the headline's measurement, not a variant: it has no row or column of its own.
        Map<String, Paired.Headline> turns = Paired.of(all.stream().filter(r -> r.role() == Role.PAIRED).toList());
        List<Result> rs = all.stream().filter(r -> r.role() != Role.PAIRED).toList();
        // A run of the pairs alone: one row per params they were measured at, no variants, the headline in turns.
        boolean pairsOnly = rs.isEmpty();
        if (pairsOnly) {
            Map<String, Result> firstTrial = new LinkedHashMap<>();
            for (Result r : all) firstTrial.putIfAbsent(r.params().toString(), r);
            rs = List.copyOf(firstTrial.values());
        }

        Map<String, Role> roles = new LinkedHashMap<>();
        (pairsOnly ? List.<Result>of() : rs).stream().map(Result::method).distinct()
                .sorted(Comparator.comparing((String m) -> Role.of(m).ordinal()).thenComparing(m -> m))
                .forEach(m -> roles.put(m, Role.of(m)));
        List<String> variants = List.copyOf(roles.keySet());

        // Params: the union over the class (a method whose states lack a param matches every value of it).
        Map<String, Set<String>> values = new TreeMap<>(Comparator.comparing((String p) -> !p.equals("dataset")).thenComparing(p -> p));
        for (Result r : rs) r.params().forEach((k, v) -> values.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
        List<String> columns = new ArrayList<>();
        Map<String, String> constants = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v.size() > 1 || k.equals("dataset")) columns.add(k);
            else constants.put(k, v.iterator().next());
        });

        // Rows: each distinct (mode, full params); a result joins every row its own params agree with.
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Result r : rs) {
            if (r.params().keySet().equals(values.keySet())) {
                rows.computeIfAbsent(r.mode() + " " + r.params(), k -> new Row(r.mode(), r.params(), new LinkedHashMap<>()));
            }
        }
        if (rows.isEmpty()) { // no result has every param: take each result's own
            for (Result r : rs) rows.computeIfAbsent(r.mode() + " " + r.params(), k -> new Row(r.mode(), r.params(), new LinkedHashMap<>()));
        }
        for (Result r : pairsOnly ? List.<Result>of() : rs) {
            for (Row row : rows.values()) {
                if (!row.mode().equals(r.mode())) continue;
                if (!r.params().entrySet().stream().allMatch(e -> e.getValue().equals(row.params().get(e.getKey())))) continue;
                Result before = row.cells().putIfAbsent(r.method(), r);
                if (before != null && before != r) {
                    throw new JmhResults.BadInput("two results for " + r.benchmark() + " " + r.mode() + " " + r.params()
                            + ": the file mixes runs; give one run at a time (and the other with --baseline)");
                }
            }
        }
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort(rowOrder(List.copyOf(values.keySet())));

        // Modes: a speedup needs both variants measured in the same mode.
        Map<String, Set<String>> modes = new LinkedHashMap<>();
        for (String v : variants) modes.put(v, rs.stream().filter(r -> r.method().equals(v)).map(Result::mode)
                .collect(Collectors.toCollection(TreeSet::new)));
        if (modes.values().stream().distinct().count() > 1) {
            warnings.add("variants measured in different modes (" + modes.entrySet().stream()
                    .map(e -> e.getKey() + ": " + String.join(", ", e.getValue())).collect(Collectors.joining("; "))
                    + "): no speedup across modes");
        }

        // The headline, from the names alone: the one bad… against the one good….
        List<String> bads = byRole(roles, Role.BAD), goods = byRole(roles, Role.GOOD);
        Pair headline = null;
        String noHeadline = null;
        if (pairsOnly) headline = new Pair("bad…", "good…");
        else if (bads.size() == 1 && goods.size() == 1) headline = new Pair(bads.get(0), goods.get(0));
        else noHeadline = "no single headline: " + count(bads, "bad") + " and " + count(goods, "good")
                + " in this run (a headline compares exactly one bad… with exactly one good…)";
        if (noHeadline != null) warnings.add(noHeadline);
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        values.forEach((k, v) -> ordered.put(k, List.copyOf(v)));
        return new Pattern(className, variants, roles, List.copyOf(columns), constants, sorted, headline, noHeadline, warnings, ordered,
                turns);
    }

    private static String count(List<String> methods, String role) {
        return methods.isEmpty() ? "no " + role + "… variant"
                : methods.size() + " " + role + "… variant" + (methods.size() == 1 ? "" : "s") + " (" + String.join(", ", methods) + ")";
    }

    static List<String> byRole(Map<String, Role> roles, Role role) {
        return roles.entrySet().stream().filter(e -> e.getValue() == role).map(Map.Entry::getKey).toList();
    }

    /** The speedup of {@code pair} in {@code row}: from's score over to's (or to's over from's for throughput). */
    public static Speedup speedup(Row row, Pair pair) {
        return speedup(row, pair.from(), pair.to());
    }

    /** How many times better variant {@code to} is than {@code from} in {@code row}. */
    public static Speedup speedup(Row row, String fromVariant, String toVariant) {
        Result from = row.cells().get(fromVariant), to = row.cells().get(toVariant);
        if (from == null || to == null) return new Speedup(null, "n/a: no " + (from == null ? fromVariant : toVariant));
        if (!from.primary().unit().equals(to.primary().unit())) {
            return new Speedup(null, "n/a: units differ (" + from.primary().unit() + ", " + to.primary().unit() + ")");
        }
        return new Speedup(from.higherIsBetter() ? ratio(to, from) : ratio(from, to), null);
    }

    /** The ratio of a's primary score to b's, with its interval from their per-iteration values. */
    static Stats.Estimate ratio(Result a, Result b) {
        return Stats.ratio(a.primary().score(), a.primary().iterations(), b.primary().score(), b.primary().iterations());
    }

    /** Rows by dataset size (small < medium < large), then by the other params in natural order, then mode. */
    static Comparator<Row> rowOrder(List<String> params) {
        Comparator<Row> c = Comparator.comparing(r -> 0);
        for (String p : params) {
            Comparator<String> values = p.equals("dataset") ? Patterns::compareSizes : Patterns::compareNatural;
            c = c.thenComparing(r -> r.params().getOrDefault(p, ""), values);
        }
        return c.thenComparing(Row::mode);
    }

    static int compareSizes(String a, String b) {
        int ia = SIZES.indexOf(a), ib = SIZES.indexOf(b);
        if (ia < 0) ia = SIZES.size();
        if (ib < 0) ib = SIZES.size();
        return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
    }

    /** Numbers by value ({@code 10 < 100}, {@code 2ms < 10ms}), anything else alphabetically. */
    static int compareNatural(String a, String b) {
        Double na = leadingNumber(a), nb = leadingNumber(b);
        if (na != null && nb != null && !na.equals(nb)) return Double.compare(na, nb);
        if (na != null && nb == null) return -1;
        if (na == null && nb != null) return 1;
        return a.compareTo(b);
    }

    private static Double leadingNumber(String s) {
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || (i == 0 && s.charAt(i) == '-'))) i++;
        try {
            return i == 0 ? null : Double.valueOf(s.substring(0, i));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
