package dev.ormbench.db;

import dev.ormbench.TestDb;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A JVM without a launcher (a test, say) never reseeds a dataset under a running suite. */
class RunGuardTest {

    @Test
    void aDatasetIsNotReseededWhileARunHoldsTheDatabase() throws Exception {
        Postgres.Server server = TestDb.small().server;
        PGSimpleDataSource other = server.dataSource(null, "run 4242@elsewhere");
        try (Connection run = other.getConnection(); Statement s = run.createStatement()) {
            // What a launcher on another machine does for the length of its run.
            try (ResultSet rs = s.executeQuery("select pg_try_advisory_lock(" + 0x6f726d62 + ", 1)")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
            String stored;
            try (ResultSet rs = s.executeQuery("select fingerprint from ormbench_small.dataset_info")) {
                rs.next();
                stored = rs.getString(1);
            }
            s.execute("update ormbench_small.dataset_info set fingerprint = 'changed by a running benchmark'");
            try {
                assertThatThrownBy(() -> Datasets.ensure(server, "small", true))
                        .isInstanceOf(SetupException.class)
                        .hasMessageStartingWith("dataset small was modified since seeding (fingerprint differs), but an ormbench run"
                                + " holds this database (host elsewhere, pid 4242, since ")
                        .hasMessageEndingWith("): not reseeding under it; try again when it has ended");
            } finally {
                s.execute("update ormbench_small.dataset_info set fingerprint = '" + stored + "'");
            }
        }
        // The run has ended (its connection closed): the dataset is as it was, and reused.
        assertThat(Datasets.ensure(server, "small", true)).isFalse();
    }
}
