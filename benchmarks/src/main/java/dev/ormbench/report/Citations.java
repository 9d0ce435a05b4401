package dev.ormbench.report;

import dev.ormbench.report.Summary.Headline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Citable rows: every summary row has an anchor that the same pattern and params give in every run, and a line a
 * reviewer pastes into a review as it is. The line carries the claim, the ratio with its interval, the statements,
 * and what it was measured on, ending with the report's path and the row's anchor, so that the pasted line still
 * says where it comes from.
 */
final class Citations {

    private Citations() {
    }

    /**
     * {@code nplusone-dataset-large-relation-bookauthor-rtt-0-avgt}: the pattern, every param in name order and the
     * mode, lower case, anything but letters and digits a dash. All params, not only those that vary in this run, so
     * that a run with more or fewer values of a param gives the same row the same anchor.
     */
    static String anchor(Headline h) {
        StringBuilder sb = new StringBuilder(h.pattern().name());
        new TreeMap<>(h.row().params()).forEach((k, v) -> sb.append('-').append(k).append('-').append(v));
        sb.append('-').append(h.row().mode());
        return sb.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /** The summary's first cell: the anchor, then the pattern's name. */
    static String cell(Headline h) {
        return "<a id=\"" + anchor(h) + "\"></a>" + h.pattern().name();
    }

    /**
     * The one line: {@code NPlusOne (large, relation=bookAuthor, rtt=0): goodEagerLoading instead of badLazyLoop,
     * 4.24x faster (3.68–4.90) in turns, 2 trials; statements/op 101 → 1. ormbench 1a2b3c4d5e6f, 2026-12-05, AMD EPYC,
     * 2 cores, PostgreSQL 18.3, Hibernate 7.4.13.Final, rtt=0.} and the link {@code results/latest/REPORT.md#anchor}.
     */
    static String line(Headline h, Map<String, String> env, String report) {
        StringBuilder sb = new StringBuilder(h.pattern().name()).append(" (").append(h.at()).append("): ");
        if (h.pattern().headline() != null) {
            sb.append('`').append(h.pattern().headline().to()).append("` instead of `").append(h.pattern().headline().from())
                    .append("`, ");
        }
        sb.append(h.words());
        String statements = Summary.statements(h);
        if (!statements.isEmpty()) sb.append("; statements/op ").append(statements);
        List<String> source = new ArrayList<>();
        String commit = env.get("gitCommit");
        source.add("ormbench " + (commit == null || commit.isBlank() ? "(commit unknown)" : commit.substring(0, Math.min(12, commit.length()))));
        String date = env.get("date");
        source.add(date == null || date.isBlank() ? "date unknown" : date.substring(0, Math.min(10, date.length())));
        source.add(env.getOrDefault("cpu", "CPU unknown"));
        source.add(env.containsKey("cores") ? env.get("cores") + " cores" : "cores unknown");
        source.add(env.getOrDefault("postgres", "PostgreSQL unknown"));
        source.add("Hibernate " + env.getOrDefault("hibernate", "unknown"));
        source.add("rtt=" + h.row().params().getOrDefault("rtt", "0"));
        String anchor = anchor(h);
        return sb.append(". ").append(String.join(", ", source)).append(". [").append(report).append('#').append(anchor)
                .append("](#").append(anchor).append(')').toString();
    }

    /** The section under the summary: one citation per summary row, in the summary's order. */
    static String section(List<Headline> headlines, Map<String, String> env, String report) {
        if (headlines.isEmpty()) return "";
        StringBuilder md = new StringBuilder("\n### Citing a row\n\n");
        md.append("One line per row of the summary, to paste into a review as it is: the claim, the ratio with its 99.9 % ")
                .append("interval, the statements, what it was measured on, and the row it comes from. The anchor of a row is ")
                .append("the same in every run of the suite with the same pattern and params.\n\n");
        Map<String, String> known = env == null ? Map.of() : env;
        for (Headline h : headlines) md.append("- ").append(line(h, known, report)).append('\n');
        return md.toString();
    }

    /**
     * Where the report is, as a reader of the repository finds it: its path from the repository's root (the folder
     * holding {@code .git}) above {@code report}, else its file name.
     */
    static String where(Path report) {
        Path abs = report.toAbsolutePath().normalize();
        for (Path dir = abs.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) return dir.relativize(abs).toString().replace('\\', '/');
        }
        return abs.getFileName().toString();
    }
}
