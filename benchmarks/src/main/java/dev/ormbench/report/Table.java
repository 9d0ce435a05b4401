package dev.ormbench.report;

import java.util.ArrayList;
import java.util.List;

/** A GitHub Markdown table, every section's: cells escaped so that a {@code |} or a line break cannot break it. */
final class Table {
    private final List<String> header;
    private final List<Boolean> right;
    private final List<List<String>> rows = new ArrayList<>();

    /** {@code right}: per column, whether it is aligned right (numbers). */
    Table(List<String> header, List<Boolean> right) {
        this.header = header;
        this.right = right;
    }

    void add(String... cells) {
        add(List.of(cells));
    }

    void add(List<String> cells) {
        rows.add(cells);
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        sb.append('|');
        for (boolean r : right) sb.append(r ? "--:|" : "---|");
        sb.append('\n');
        for (List<String> row : rows) line(sb, row);
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) sb.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
        sb.append('\n');
    }
}
