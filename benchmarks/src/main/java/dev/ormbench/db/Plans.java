package dev.ormbench.db;

import dev.ormbench.measure.StatementCounter;
import dev.ormbench.measure.StatementCounter.Executed;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The plans of the measured statements, recorded with every run in {@code plans.txt} beside the JMH JSON.
 * <p>
 * In the first warm-up iteration of each benchmark and parameter set (outside measurement), the
 * {@link StatementCounter} keeps every distinct statement text with the parameters of its first execution; at the
 * end of the trial each is explained (without ANALYZE, on a connection of its own): its custom plan for those
 * parameters, and for a statement with parameters also its generic plan, the one the server switches to after five
 * executions of a prepared statement under {@code plan_cache_mode=auto}. Without costs, so that two runs' plans
 * compare by their shape. The report's {@code --baseline} names the statements whose plan changed ({@code report.Baseline#changedPlans}).
 * <p>
 * The file is a sequence of blocks:
 * <pre>
 * === PaginationBenchmark.badOffset dataset=large depth=90pct rtt=0 sortKey=id
 * --- select … offset ? rows fetch first ? rows only
 * parameters: [90000, 20]
 * custom plan:
 * Limit
 *   -&gt;  Index Scan using posts_pkey on posts p1_0
 * generic plan:
 * …
 * </pre>
 */
public final class Plans {

    /** The system property that names a run's plans file, handed by the launcher to its forks. */
    static final String PROPERTY = "ormbench.plans";
    public static final String FILE = "plans.txt";
    static final String BENCHMARK = "=== ";
    static final String STATEMENT = "--- ";

    private Plans() {
    }

    /**
     * The fork argument that makes the forks record plans in {@value #FILE} beside {@code resultFile} (none without
     * a result file), after removing a plans file of an earlier run there.
     */
    public static List<String> forkArgs(String resultFile) {
        if (resultFile == null) return List.of();
        Path file = Path.of(resultFile).toAbsolutePath().resolveSibling(FILE);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new SetupException("cannot remove " + file + ": " + e.getMessage());
        }
        // The forks start in the launcher's working directory: a path under it is handed over relative, so that the
        // JSON, which records the forks' flags, holds no path of this machine.
        Path cwd = Path.of("").toAbsolutePath();
        return List.of("-D" + PROPERTY + "=" + (file.startsWith(cwd) ? cwd.relativize(file) : file));
    }

    /**
     * Called before each iteration: keeps the statements of the first warm-up iteration, and nothing after it.
     * A run without warm-up records no plans (capturing would touch a measured iteration).
     */
    public static void beforeIteration(BenchmarkParams params, int iteration) {
        boolean on = System.getProperty(PROPERTY) != null && iteration == 1 && params.getWarmup().getCount() > 0;
        StatementCounter.capture(on);
    }

    /** Called at the end of a trial: explains the kept statements and appends them to the run's plans file. */
    public static void afterTrial(Db db, BenchmarkParams params) {
        StatementCounter.capture(false);
        String property = System.getProperty(PROPERTY);
        if (property == null) {
            StatementCounter.drainCaptured();
            return;
        }
        record(db, key(params), Path.of(property));
    }

    /** Explains the statements kept since the last call and appends them to {@code file} as the block of {@code key}. */
    static void record(Db db, String key, Path file) {
        List<Executed> statements = StatementCounter.drainCaptured();
        if (statements.isEmpty() || recorded(file, key)) return;
        StringBuilder out = new StringBuilder(BENCHMARK).append(key).append('\n');
        var plans = db.server.dataSource(Datasets.schema(db.dataset), "plans");
        // The simple query protocol: a generic plan's $n go to the server unbound (the extended protocol would
        // bind them), and a custom plan's parameters are sent as literals.
        plans.setPreferQueryMode(org.postgresql.jdbc.PreferQueryMode.SIMPLE);
        try (Connection c = plans.getConnection()) {
            for (Executed e : statements) out.append(explain(c, e));
        } catch (SQLException e) {
            out.append(STATEMENT).append("(no connection for the plans: ").append(Postgres.oneLine(e)).append(")\n");
        }
        try {
            Files.writeString(file, out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether an earlier fork of the same benchmark and parameters wrote its block already (one block per key). */
    private static boolean recorded(Path file, String key) {
        try {
            return Files.exists(file) && Files.readAllLines(file, StandardCharsets.UTF_8).contains(BENCHMARK + key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code Class.method k=v …}: a benchmark and its parameters, as in the plans file. */
    static String key(BenchmarkParams params) {
        String name = params.getBenchmark();
        String[] parts = name.split("\\.");
        StringBuilder sb = new StringBuilder(parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : name);
        for (String k : new java.util.TreeSet<>(params.getParamsKeys())) sb.append(' ').append(k).append('=').append(params.getParam(k));
        return sb.toString();
    }

    private static String explain(Connection c, Executed e) {
        String sql = e.sql().strip().replaceAll("\\s+", " ");
        StringBuilder out = new StringBuilder(STATEMENT).append(sql).append('\n');
        if (!sql.matches("(?is)^(select|with|insert|update|delete|merge|values|table)\\b.*")) {
            return out.append("(not explainable)\n").toString();
        }
        out.append("parameters: ").append(e.parameters()).append('\n');
        out.append("custom plan:\n").append(plan(c, "explain (costs off) " + sql, e.parameters()));
        if (!e.parameters().isEmpty()) {
            out.append("generic plan:\n").append(plan(c, "explain (costs off, generic_plan) " + numbered(sql), null));
        }
        return out.toString();
    }

    /** {@code sql} with its JDBC placeholders {@code ?} (outside quotes) as the server's {@code $1, $2, …}. */
    static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        int n = 0;
        for (char ch : sql.toCharArray()) {
            if (quote != 0) {
                if (ch == quote) quote = 0;
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '?') {
                out.append('$').append(++n);
                continue;
            }
            out.append(ch);
        }
        return out.toString();
    }

    /**
     * The lines of {@code explain}, bound to {@code parameters} (a prepared statement), or as plain text when
     * {@code parameters} is null (the generic plan, whose {@code $n} stay unbound).
     */
    private static String plan(Connection c, String explain, List<Object> parameters) {
        // In a transaction rolled back, so that nothing of the explain stays (explain alone runs nothing).
        try {
            c.setAutoCommit(false);
            try (Statement p = parameters == null ? c.createStatement() : c.prepareStatement(explain)) {
                if (p instanceof PreparedStatement ps) {
                    for (int i = 0; i < parameters.size(); i++) ps.setObject(i + 1, parameters.get(i));
                }
                StringBuilder sb = new StringBuilder();
                try (ResultSet rs = p instanceof PreparedStatement ps ? ps.executeQuery() : p.executeQuery(explain)) {
                    while (rs.next()) sb.append(rs.getString(1)).append('\n');
                }
                return sb.toString();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException ex) {
            return "(no plan: " + Postgres.oneLine(ex) + ")\n";
        }
    }
}
