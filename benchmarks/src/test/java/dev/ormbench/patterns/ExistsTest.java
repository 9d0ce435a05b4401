package dev.ormbench.patterns;

import dev.ormbench.TestDb;
import dev.ormbench.TestDb.Counted;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.Db;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExistsTest {

    private final Db db = TestDb.small();
    private final long users = Datasets.rows("small").get("users");

    @Test
    void addressesAreDistinctAndSpreadOverTheWholeTable() {
        String[] hits = ExistsBenchmark.emails(users, true);
        assertThat(hits).hasSize(ExistsBenchmark.ADDRESSES).doesNotHaveDuplicates();
        long[] ids = Arrays.stream(hits).mapToLong(e -> Long.parseLong(e.substring(4, e.indexOf('@')))).sorted().toArray();
        assertThat(ids[0]).isEqualTo(1);
        assertThat(ids[ids.length - 1]).isGreaterThan(users * 9 / 10).isLessThanOrEqualTo(users);
        // every tenth of the table gets its share of the lookups
        for (int tenth = 0; tenth < 10; tenth++) {
            long lo = users * tenth / 10, hi = users * (tenth + 1) / 10;
            long inTenth = Arrays.stream(ids).filter(id -> id > lo && id <= hi).count();
            assertThat(inTenth).isGreaterThan(ExistsBenchmark.ADDRESSES / 20);
        }
        assertThat(ExistsBenchmark.emails(users, false)).allSatisfy(e -> assertThat(e).endsWith("@example.invalid"));
    }

    @Test
    void everyVariantGivesTheSameAnswerInOneStatement() throws Exception {
        List<String> hits = Arrays.asList(ExistsBenchmark.emails(users, true)).subList(0, 20);
        List<String> misses = Arrays.asList(ExistsBenchmark.emails(users, false)).subList(0, 20);
        for (String email : hits) assertAllVariants(email, true);
        for (String email : misses) assertAllVariants(email, false);
    }

    private void assertAllVariants(String email, boolean expected) throws Exception {
        List<Counted<Boolean>> answers = List.of(
                TestDb.count(() -> ExistsBenchmark.loadEntity(db.orm(), email)),
                TestDb.count(() -> ExistsBenchmark.hqlExists(db.orm(), email)),
                TestDb.count(() -> ExistsBenchmark.jooqExists(db.jooq, email)),
                TestDb.count(() -> ExistsBenchmark.jdbcExists(db.dataSource, email)));
        for (Counted<Boolean> answer : answers) {
            assertThat(answer.value()).as(email).isEqualTo(expected);
            assertThat(answer.statements()).isEqualTo(1);
        }
    }
}
