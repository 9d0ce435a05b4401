package dev.ormbench.patterns;

import dev.ormbench.TestDb;
import dev.ormbench.TestDb.Counted;
import dev.ormbench.db.Db;
import dev.ormbench.model.BookRow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JoinFetchTest {

    private final Db db = TestDb.small();

    @Test
    void joinFetchGivesTheSameAnswerInOneStatement() throws Exception {
        Counted<List<BookRow>> bad = TestDb.count(() -> JoinFetchBenchmark.joined(db.orm(), JoinFetchBenchmark.PLAIN_JOIN, "Adams", 50));
        Counted<List<BookRow>> good = TestDb.count(() -> JoinFetchBenchmark.joined(db.orm(), JoinFetchBenchmark.FETCH_JOIN, "Adams", 50));
        Counted<List<BookRow>> floor = TestDb.count(() -> JoinFetchBenchmark.jdbc(db.dataSource, "Adams", 50));

        assertThat(bad.value()).hasSize(50).isEqualTo(good.value()).isEqualTo(floor.value());
        assertThat(bad.value()).allSatisfy(row -> assertThat(row.author()).startsWith("Adams "));
        // small: 100 authors, "Adams" names authors 1, 27, 53 and 79; the page of 50 holds books of all four
        long authors = bad.value().stream().map(BookRow::author).distinct().count();
        assertThat(authors).isEqualTo(4);
        assertThat(bad.statements()).isEqualTo(1 + authors);
        assertThat(good.statements()).isEqualTo(1);
        assertThat(floor.statements()).isEqualTo(1);
    }
}
