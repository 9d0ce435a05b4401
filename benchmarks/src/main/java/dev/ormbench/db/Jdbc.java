package dev.ormbench.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The hand-written JDBC the floors share: one prepared statement on a connection of the pool, its parameters bound
 * in order, its rows mapped one by one. What a floor adds is its SQL and its row mapping.
 */
public final class Jdbc {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Reads a whole result set (it calls {@code next()} itself). */
    @FunctionalInterface
    public interface ResultReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Jdbc() {
    }

    /**
     * Every row of {@code sql} with {@code params}, mapped in order, into a list sized for {@code expectedRows} (0 when
     * not known), as hand-written code that knows its page size would size it.
     */
    public static <T> List<T> list(DataSource ds, String sql, int expectedRows, RowMapper<T> row, Object... params)
            throws SQLException {
        return query(ds, sql, rs -> {
            List<T> rows = expectedRows > 0 ? new ArrayList<>(expectedRows) : new ArrayList<>();
            while (rs.next()) rows.add(row.map(rs));
            return rows;
        }, params);
    }

    /** The result of {@code sql} with {@code params}, read whole by {@code reader}. */
    public static <T> T query(DataSource ds, String sql, ResultReader<T> reader, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) p.setObject(i + 1, params[i]);
            try (ResultSet rs = p.executeQuery()) {
                return reader.read(rs);
            }
        }
    }
}
