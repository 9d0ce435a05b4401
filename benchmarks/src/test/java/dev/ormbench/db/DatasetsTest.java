package dev.ormbench.db;

import dev.ormbench.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetsTest {

    private final Db db = TestDb.small();

    @Test
    void anIntactDatasetIsReusedNotReseeded() {
        assertThat(Datasets.ensure(db.server, "small", true)).isFalse();
        assertThat(Datasets.intact(db.server, "small")).isTrue();
    }

    @Test
    void theFingerprintCatchesATamperedRowAndReseeds() throws Exception {
        execute("update ormbench_small.users set name = 'Mallory' where id = 42");
        assertThat(Datasets.intact(db.server, "small")).isFalse();

        assertThat(Datasets.ensure(db.server, "small", true)).isTrue();
        assertThat(Datasets.intact(db.server, "small")).isTrue();
        assertThat(Datasets.ensure(db.server, "small", true)).isFalse();
    }

    @Test
    void otherFixturesMeanReseeding() throws Exception {
        execute("update ormbench_small.dataset_info set fixture_version = 'older'");
        // Without the full check only the fixture version is compared: still caught.
        assertThat(Datasets.ensure(db.server, "small", false)).isTrue();
        assertThat(Datasets.ensure(db.server, "small", false)).isFalse();
    }

    @Test
    void aSeededDatasetIsSettledTheSameWayEveryTime() throws Exception {
        assertThat(Datasets.ensure(db.server, "small", true)).isFalse();
        try (Connection c = db.server.dataSource(null).getConnection(); Statement s = c.createStatement()) {
            // Every page all-visible and frozen, whatever the timing of the seeding lanes.
            assertThat(Settling.notAllFrozen(c, "ormbench_small")).isSubsetOf("dataset_info");
            try (ResultSet rs = s.executeQuery("""
                    select count(*) filter (where a.attstattarget is distinct from 10000),
                           count(*) filter (where not coalesce(c.reloptions, '{}') @> '{autovacuum_enabled=false}'),
                           count(*)
                    from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                    where c.relnamespace = 'ormbench_small'::regnamespace and c.relkind = 'r' and c.relname <> 'dataset_info'""")) {
                rs.next();
                assertThat(rs.getLong(3)).isGreaterThan(20);
                assertThat(rs.getLong(1)).as("columns without the full statistics target").isZero();
                assertThat(rs.getLong(2)).as("columns of tables with autovacuum on").isZero();
            }
        }
    }

    @Test
    void seedingIsDeterministic() {
        // The fingerprint of the small dataset on any server, any day: byte-identical rows give the same hash.
        assertThat(Datasets.rows("small")).containsEntry("books", 2000L).containsEntry("authors", 100L);
        assertThat(Datasets.fixtureVersion("small")).hasSize(16).isNotEqualTo(Datasets.fixtureVersion("medium"));
    }

    @Test
    void anUnknownDatasetIsOneClearLine() {
        assertThatThrownBy(() -> Datasets.schema("huge"))
                .isInstanceOf(SetupException.class)
                .hasMessage("unknown dataset 'huge': choose one of small, medium, large");
    }

    private void execute(String sql) throws Exception {
        try (Connection c = db.server.dataSource(null).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
