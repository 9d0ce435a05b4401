package dev.ormbench.db;

import dev.ormbench.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

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
        String statistics = statistics();
        execute("update ormbench_small.users set name = 'Mallory' where id = 42");
        assertThat(Datasets.intact(db.server, "small")).isFalse();

        assertThat(Datasets.ensure(db.server, "small", true)).isTrue();
        assertThat(Datasets.intact(db.server, "small")).isTrue();
        // A reseeding of the same data gives the same statistics, value for value.
        assertThat(statistics()).isEqualTo(statistics).hasSizeGreaterThan(10_000);
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
            // Statistics from every row, cut to the default size on PostgreSQL 18 (targets back to the default);
            // older servers keep the full statistics and the full target.
            boolean cut = Settling.serverVersion(c) >= 180000;
            try (ResultSet rs = s.executeQuery("""
                    select count(*) filter (where coalesce(a.attstattarget, -1) <> %d),""".formatted(cut ? -1 : 10000) + """
                           count(*) filter (where not coalesce(c.reloptions, '{}') @> '{autovacuum_enabled=false}'),
                           count(*)
                    from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                    where c.relnamespace = 'ormbench_small'::regnamespace and c.relkind = 'r' and c.relname <> 'dataset_info'""")) {
                rs.next();
                assertThat(rs.getLong(3)).isGreaterThan(20);
                assertThat(rs.getLong(1)).as("columns with another statistics target").isZero();
                assertThat(rs.getLong(2)).as("columns of tables with autovacuum on").isZero();
            }
        }
    }

    @Test
    void statisticsHaveTheDefaultSizeAndDescribeEveryRow() throws Exception {
        try (Connection c = db.server.dataSource(null).getConnection(); Statement s = c.createStatement()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Settling.serverVersion(c) >= 180000, "PostgreSQL 18 writes statistics back");
            try (ResultSet rs = s.executeQuery("""
                    select count(*), max(cardinality(most_common_freqs)), max(cardinality(histogram_bounds::text::text[]))
                    from pg_stats where schemaname = 'ormbench_small'""")) {
                rs.next();
                assertThat(rs.getLong(1)).isGreaterThan(20);
                assertThat(rs.getInt(2)).as("most common values of a column").isEqualTo(100);
                assertThat(rs.getInt(3)).as("histogram bounds of a column").isEqualTo(101);
            }
            // orders.user_id: 2,000 users, 5 orders each, so the full list of common values (2,000) was cut to 100 and
            // the dropped ones went into the histogram: the planner's estimates still match the rows within 5 %.
            for (String where : List.of("user_id <= 500", "user_id > 1700", "user_id between 300 and 900",
                    "created_at < timestamp '2023-05-01'", "status = 'PAID'",
                    "total > 250")) {
                long actual;
                try (ResultSet rs = s.executeQuery("select count(*) from ormbench_small.orders where " + where)) {
                    rs.next();
                    actual = rs.getLong(1);
                }
                double estimated;
                try (ResultSet rs = s.executeQuery("explain (format json) select * from ormbench_small.orders where " + where)) {
                    rs.next();
                    var plan = rs.getString(1);
                    var m = java.util.regex.Pattern.compile("\"Plan Rows\": (\\d+)").matcher(plan);
                    double last = 0;
                    while (m.find()) last = Double.parseDouble(m.group(1)); // the outermost scan of orders is the last
                    estimated = last;
                }
                assertThat(actual).as(where).isGreaterThan(100);
                assertThat(estimated / actual).as(where + ": estimated " + estimated + " of " + actual).isBetween(0.95, 1.05);
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

    private String statistics() throws Exception {
        try (Connection c = db.server.dataSource(null).getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     select string_agg(concat_ws('|', tablename, attname, null_frac, avg_width, n_distinct, correlation,
                                                 most_common_vals, most_common_freqs, histogram_bounds), e'\\n'
                                       order by tablename, attname)
                     from pg_stats where schemaname = 'ormbench_small'""")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = db.server.dataSource(null).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
