package dev.ormbench.db;

import dev.ormbench.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
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
