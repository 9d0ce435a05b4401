package dev.ormbench.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** The steps of {@link Datasets}' settling of freshly loaded tables, and the checks of their outcome. */
final class Settling {

    /**
     * The largest statistics target PostgreSQL accepts: ANALYZE samples 300 × 10,000 = 3 million rows, more than
     * any table of the datasets holds, so it reads every row and two seedings get the same statistics.
     */
    static final int STATISTICS_TARGET = 10_000;

    private Settling() {
    }

    /**
     * One statement for {@code table}: every column's statistics target at {@link #STATISTICS_TARGET}, and no
     * autovacuum or auto-analyze on the table or its TOAST table.
     */
    static String pinStatements(Connection c, String schema, String table) throws SQLException {
        List<String> clauses = new ArrayList<>();
        for (String column : columns(c, schema, table)) clauses.add("alter column " + column + " set statistics " + STATISTICS_TARGET);
        clauses.add("set (autovacuum_enabled = false, toast.autovacuum_enabled = false)");
        return "alter table " + schema + "." + table + " " + String.join(", ", clauses);
    }

    /**
     * Runs {@code statement.apply(table)} for every table on two connections in autocommit, the users table (about
     * as large as all the others together) on one, the others on the other.
     */
    static void inTwoLanes(Postgres.Server server, List<String> tables, Function<String, String> statement)
            throws SQLException {
        List<List<String>> lanes = List.of(new ArrayList<>(), new ArrayList<>());
        for (String table : tables) lanes.get(table.equals("users") ? 0 : 1).add(table);
        try (var pool = Executors.newFixedThreadPool(2)) {
            List<Future<Object>> futures = new ArrayList<>();
            for (List<String> lane : lanes) {
                futures.add(pool.submit(() -> {
                    try (Connection c = server.dataSource(null, "seed").getConnection(); Statement s = c.createStatement()) {
                        for (String table : lane) s.execute(statement.apply(table));
                    }
                    return null;
                }));
            }
            for (Future<Object> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("settling of the seeded tables was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) throw sql;
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The tables of {@code schema} with pages that are not all-visible and all-frozen in the visibility map
     * (before PostgreSQL 18, whose catalog has no count of all-frozen pages: not all-visible).
     */
    static List<String> notAllFrozen(Connection c, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        String frozen = serverVersion(c) >= 180000 ? " or relallfrozen < relpages" : "";
        try (PreparedStatement p = c.prepareStatement("""
                select relname from pg_class
                where relnamespace = to_regnamespace(quote_ident(?)) and relkind = 'r'
                  and (relallvisible < relpages%s)
                order by relname""".formatted(frozen))) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /** {@code server_version_num}: 180003 for PostgreSQL 18.3. */
    static int serverVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_setting('server_version_num')::int")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The default statistics target: the size of the statistics a table analysed the usual way has. */
    static final int DEFAULT_SIZE = 100;

    /**
     * Cuts the statistics that ANALYZE computed from every row of {@code table} to the default size and writes
     * them back (PostgreSQL 18's {@code pg_restore_attribute_stats}), then sets each column's statistics target
     * back to the default. Full-size statistics (up to 10,000 most common values and 10,001 histogram bounds a
     * column) made the planner several times slower on short statements: a keyset page planned in 0.26–0.35 ms
     * and ran in 0.02–0.1 ms, where the same table analysed the usual way planned in 0.05–0.10 ms.
     * <p>
     * Per column: null fraction, average width, number of distinct values and correlation as computed from every
     * row; the {@value #DEFAULT_SIZE} most common values (the head of the full list, which ANALYZE orders by
     * frequency); and a histogram of at most {@value #DEFAULT_SIZE} + 1 bounds at the percentiles of what the kept
     * values leave out: the dropped common values with their frequencies and the full histogram's bounds, each
     * bound weighing an equal share of the rest. Everything is derived from the full statistics, so two seedings
     * of the same data still get the same statistics, now of the size a production table has.
     */
    static void cutToDefaultSize(Connection c, String schema, String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("""
                select s.attname, format_type(a.atttypid, a.atttypmod)
                from pg_stats s
                join pg_attribute a on a.attrelid = (quote_ident(s.schemaname) || '.' || quote_ident(s.tablename))::regclass
                                   and a.attname = s.attname
                where s.schemaname = ? and s.tablename = ? and not s.inherited
                order by a.attnum""")) {
            p.setString(1, schema);
            p.setString(2, table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) types.put(rs.getString(1), rs.getString(2));
            }
        }
        // One transaction per table: a column is never left cleared and not restored.
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (var column : types.entrySet()) {
                String[] cut = new String[RESTORED.length];
                try (PreparedStatement p = c.prepareStatement(CUT.replace("%T", column.getValue()))) {
                    p.setString(1, schema);
                    p.setString(2, table);
                    p.setString(3, column.getKey());
                    try (ResultSet rs = p.executeQuery()) {
                        if (!rs.next()) continue;
                        for (int i = 0; i < cut.length; i++) cut[i] = rs.getString(i + 1);
                    }
                }
                restore(c, schema, table, column.getKey(), cut);
            }
            try (Statement s = c.createStatement()) {
                List<String> clauses = new ArrayList<>();
                for (String column : columns(c, schema, table)) clauses.add("alter column " + column + " set statistics -1");
                if (!clauses.isEmpty()) s.execute("alter table " + schema + "." + table + " " + String.join(", ", clauses));
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * One column's statistics cut to the default size: the full statistics' common values with their rank, the rest
     * (dropped common values, and the histogram bounds each with an equal share of what no common value covers) as
     * weighted points, and the bounds at every percentile of their cumulative weight.
     */
    static final String CUT = """
            with s as (
              select null_frac, avg_width, n_distinct, correlation, most_common_vals::text::%T[] as mcv,
                     most_common_freqs as mcf, histogram_bounds::text::%T[] as hist
              from pg_stats where schemaname = ? and tablename = ? and attname = ? and not inherited),
            m as (select u.v, u.f, u.i from s, unnest(s.mcv, s.mcf) with ordinality as u(v, f, i)),
            rest as (
              select v, f::float8 as w from m where i > %N
              union all
              select h.v, greatest(1 - s.null_frac::float8 - coalesce((select sum(f::float8) from m), 0), 0) / cardinality(s.hist)
              from s, unnest(s.hist) as h(v)),
            cum as (select v, sum(w) over (order by v rows unbounded preceding) as c, sum(w) over () as total from rest),
            q as (select distinct on (g) g, v from generate_series(0, %N) g
                  join cum on cum.c >= g::float8 / %N * cum.total * (1 - 1e-9) order by g, cum.c)
            select s.null_frac, s.avg_width, s.n_distinct, s.correlation,
                   (select array_agg(v order by i)::text from m where i <= %N),
                   (select array_agg(f order by i) from m where i <= %N),
                   (select case when count(distinct v) >= 2 then array_agg(v order by g)::text end from q)
            from s""".replace("%N", String.valueOf(DEFAULT_SIZE));

    /** What {@link #CUT} returns, in its order, with the type {@code pg_restore_attribute_stats} takes for each. */
    private static final String[][] RESTORED = {{"null_frac", "real"}, {"avg_width", "integer"}, {"n_distinct", "real"},
            {"correlation", "real"}, {"most_common_vals", "text"}, {"most_common_freqs", "real[]"}, {"histogram_bounds", "text"}};

    /** Clears the column's statistics and writes {@code cut} instead (a null leaves that statistic out). */
    private static void restore(Connection c, String schema, String table, String column, String[] cut) throws SQLException {
        try (PreparedStatement clear = c.prepareStatement("select pg_clear_attribute_stats(?, ?, ?, false)")) {
            clear.setString(1, schema);
            clear.setString(2, table);
            clear.setString(3, column);
            clear.execute();
        }
        StringBuilder sql = new StringBuilder("select pg_restore_attribute_stats('schemaname', ?::text, 'relname', ?::text,"
                + " 'attname', ?::text, 'inherited', false");
        for (String[] stat : RESTORED) sql.append(", '").append(stat[0]).append("', ?::").append(stat[1]);
        try (PreparedStatement p = c.prepareStatement(sql.append(")").toString())) {
            p.setString(1, schema);
            p.setString(2, table);
            p.setString(3, column);
            for (int i = 0; i < cut.length; i++) p.setString(4 + i, cut[i]);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new SQLException("PostgreSQL restored the statistics of " + schema + "." + table + "." + column + " only in part");
                }
            }
        }
    }

    private static List<String> columns(Connection c, String schema, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                select quote_ident(attname) from pg_attribute
                where attrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass and attnum > 0 and not attisdropped
                order by attnum""")) {
            p.setString(1, schema);
            p.setString(2, table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) columns.add(rs.getString(1));
            }
        }
        return columns;
    }
}
