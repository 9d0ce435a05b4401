package dev.ormbench.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
        try (PreparedStatement p = c.prepareStatement("""
                select quote_ident(attname) from pg_attribute
                where attrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass and attnum > 0 and not attisdropped
                order by attnum""")) {
            p.setString(1, schema);
            p.setString(2, table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) clauses.add("alter column " + rs.getString(1) + " set statistics " + STATISTICS_TARGET);
            }
        }
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

    /** The tables of {@code schema} with pages that are not all-visible and all-frozen in the visibility map. */
    static List<String> notAllFrozen(Connection c, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("""
                select relname from pg_class
                where relnamespace = to_regnamespace(quote_ident(?)) and relkind = 'r'
                  and (relallvisible < relpages or relallfrozen < relpages)
                order by relname""")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) tables.add(rs.getString(1));
            }
        }
        return tables;
    }
}
