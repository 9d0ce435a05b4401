package dev.ormbench.patterns;

import dev.ormbench.TestDb;
import dev.ormbench.TestDb.Counted;
import dev.ormbench.db.Db;
import dev.ormbench.model.BookRow;
import dev.ormbench.patterns.NPlusOneBenchmark.AuthorRow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NPlusOneTest {

    private static final int PAGE = 25;
    private final Db db = TestDb.small();

    @Test
    void manyToOneVariantsGiveTheSameBooksAndAuthors() throws Exception {
        Counted<List<BookRow>> bad = TestDb.count(() -> NPlusOneBenchmark.lazyBooks(db.orm(), PAGE));
        Counted<List<BookRow>> good = TestDb.count(() -> NPlusOneBenchmark.joinFetchBooks(db.orm(), PAGE));
        Counted<List<BookRow>> floor = TestDb.count(() -> NPlusOneBenchmark.jdbcBooks(db.dataSource, PAGE));

        assertThat(bad.value()).hasSize(PAGE).isEqualTo(good.value()).isEqualTo(floor.value());
        assertThat(bad.value().getFirst()).isEqualTo(new BookRow(1, "Book 1", "Adams 1"));
        long authors = bad.value().stream().map(BookRow::author).distinct().count();
        assertThat(authors).isEqualTo(PAGE); // consecutive books have distinct authors
        assertThat(bad.statements()).isEqualTo(1 + authors);
        assertThat(good.statements()).isEqualTo(1);
        assertThat(floor.statements()).isEqualTo(1);
    }

    @Test
    void oneToManyVariantsGiveTheSameAuthorsAndBooks() throws Exception {
        Counted<List<AuthorRow>> bad = TestDb.count(() -> NPlusOneBenchmark.lazyAuthors(db.orm(), PAGE));
        Counted<List<AuthorRow>> good = TestDb.count(() -> NPlusOneBenchmark.batchFetchAuthors(db.orm(), PAGE));
        Counted<List<AuthorRow>> floor = TestDb.count(() -> NPlusOneBenchmark.jdbcAuthors(db.dataSource, PAGE));

        assertThat(bad.value()).hasSize(PAGE).isEqualTo(good.value()).isEqualTo(floor.value());
        // small: 2,000 books over 100 authors, book i by author ((i - 1) % 100) + 1
        assertThat(bad.value().getFirst().titles()).hasSize(20).startsWith("Book 1", "Book 101", "Book 201");
        assertThat(bad.statements()).isEqualTo(1 + PAGE);
        assertThat(good.statements()).isEqualTo(2);
        assertThat(floor.statements()).isEqualTo(1);
    }
}
