package dev.ormbench.db;

import dev.ormbench.TestDb;
import dev.ormbench.measure.StatementCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.ormbench.jooq.Tables.POSTS;
import static org.assertj.core.api.Assertions.assertThat;

class PlansTest {

    private final Db db = TestDb.small();

    @Test
    void theStatementsExecutedWhileCapturingAreExplainedWithTheirParameters(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(Plans.FILE);
        db.jooq.selectCount().from(POSTS).fetchOne(); // before capturing: not recorded
        StatementCounter.capture(true);
        try {
            db.jooq.select(POSTS.ID).from(POSTS).where(POSTS.ID.gt(900L)).orderBy(POSTS.ID).limit(20).fetch();
            db.jooq.select(POSTS.ID).from(POSTS).where(POSTS.ID.gt(10L)).orderBy(POSTS.ID).limit(20).fetch(); // same text
        } finally {
            StatementCounter.capture(false);
        }
        db.jooq.select(POSTS.TITLE).from(POSTS).limit(1).fetch(); // after: not recorded
        Plans.record(db, "PaginationBenchmark.goodKeyset dataset=small", file);

        String plans = Files.readString(file);
        assertThat(plans).startsWith("=== PaginationBenchmark.goodKeyset dataset=small\n--- select ");
        assertThat(plans.lines().filter(l -> l.startsWith("--- ")).count()).isEqualTo(1);
        assertThat(plans).contains("parameters: [900, 20]", "custom plan:\nLimit", "posts_pkey", "generic plan:\nLimit")
                .doesNotContain("count(", "title", "no plan", "cost=");

        // Nothing kept since: a second call writes nothing.
        Plans.record(db, "PaginationBenchmark.goodKeyset dataset=small", file);
        assertThat(Files.readString(file)).isEqualTo(plans);

        // A second fork of the same benchmark and parameters captures the same statements: one block per key.
        StatementCounter.capture(true);
        try {
            db.jooq.select(POSTS.ID).from(POSTS).where(POSTS.ID.gt(900L)).orderBy(POSTS.ID).limit(20).fetch();
        } finally {
            StatementCounter.capture(false);
        }
        Plans.record(db, "PaginationBenchmark.goodKeyset dataset=small", file);
        assertThat(Files.readString(file)).isEqualTo(plans);
    }

    /** The forks' flag names the file relative to the working directory they share, so the JSON holds no path of this machine. */
    @Test
    void theForksAreHandedThePlansFileRelativeToTheirWorkingDirectory() {
        assertThat(Plans.forkArgs("results/tmp/plans-test/jmh-result.json"))
                .containsExactly("-Dormbench.plans=" + Path.of("results/tmp/plans-test/plans.txt"));
        assertThat(Plans.forkArgs(null)).isEmpty();
    }
}
