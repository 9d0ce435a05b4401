package dev.ormbench.patterns;

import dev.ormbench.TestDb;
import dev.ormbench.TestDb.Counted;
import dev.ormbench.db.Db;
import dev.ormbench.db.Pages;
import dev.ormbench.db.Pages.Cursor;
import dev.ormbench.db.SetupException;
import dev.ormbench.patterns.PaginationBenchmark.PostRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import static dev.ormbench.jooq.Tables.POSTS;
import static dev.ormbench.db.Pages.SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.Records.mapping;

class PaginationTest {

    private static final int POSTS_SMALL = 1000;
    private final Db db = TestDb.small();

    /** Every post, sorted here in Java by the page order: the oracle the pages are checked against. */
    private List<PostRow> allInOrder(boolean byId) {
        List<PostRow> rows = new ArrayList<>(db.jooq.select(POSTS.ID, POSTS.TITLE, POSTS.CREATED_AT).from(POSTS)
                .fetch(mapping(PostRow::new)));
        rows.sort(byId ? Comparator.comparing(PostRow::id)
                : Comparator.comparing(PostRow::createdAt).thenComparing(PostRow::id));
        return rows;
    }

    @ParameterizedTest
    @CsvSource({"id,first", "id,10pct", "id,50pct", "id,90pct", "id,98pct",
            "createdAt,first", "createdAt,10pct", "createdAt,50pct", "createdAt,90pct", "createdAt,98pct"})
    void everyVariantReadsTheSamePageInOneStatement(String sortKey, String depth) throws Exception {
        boolean byId = sortKey.equals("id");
        int offset = Pages.offset(depth, POSTS_SMALL);
        Cursor cursor = Pages.cursorBefore(db.jooq, byId, offset);

        Counted<List<PostRow>> bad = TestDb.count(() -> PaginationBenchmark.offsetPage(db.orm(), byId, offset));
        Counted<List<PostRow>> keyset = TestDb.count(() -> PaginationBenchmark.keysetPage(db.orm(), byId, cursor));
        Counted<List<PostRow>> seek = TestDb.count(() -> PaginationBenchmark.seekPage(db.jooq, byId, cursor));

        List<PostRow> expected = allInOrder(byId).subList(offset, offset + SIZE);
        assertThat(bad.value()).hasSize(SIZE).isEqualTo(expected);
        assertThat(keyset.value()).isEqualTo(expected);
        assertThat(seek.value()).isEqualTo(expected);
        if (byId) assertThat(expected.getFirst().id()).isEqualTo(offset + 1); // ids are 1..1000
        assertThat(bad.statements()).isEqualTo(1);
        assertThat(keyset.statements()).isEqualTo(1);
        assertThat(seek.statements()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "createdAt"})
    void walkingTheTableByKeysetYieldsEveryPostExactlyOnce(String sortKey) {
        boolean byId = sortKey.equals("id");
        List<PostRow> expected = allInOrder(byId);
        assertThat(expected).hasSize(POSTS_SMALL);

        List<PostRow> jpql = walk(after -> PaginationBenchmark.keysetPage(db.orm(), byId, after));
        List<PostRow> seek = walk(after -> PaginationBenchmark.seekPage(db.jooq, byId, after));

        assertThat(jpql).isEqualTo(expected);
        assertThat(seek).isEqualTo(expected);
        assertThat(jpql.stream().map(PostRow::id).distinct()).hasSize(POSTS_SMALL);
    }

    /** Reads pages from the start until an empty one, each after the last row of the one before. */
    private static List<PostRow> walk(Function<Cursor, List<PostRow>> page) {
        List<PostRow> seen = new ArrayList<>();
        Cursor after = null;
        for (int pages = 0; pages <= POSTS_SMALL; pages++) {
            List<PostRow> rows = page.apply(after);
            if (rows.isEmpty()) return seen;
            assertThat(rows.size()).isLessThanOrEqualTo(SIZE);
            seen.addAll(rows);
            PostRow last = rows.getLast();
            after = new Cursor(last.id(), last.createdAt());
        }
        throw new AssertionError("the walk does not end");
    }

    @Test
    void createdAtPagesSplitGroupsOfEqualTimestamps() {
        // What makes the tie-breaker necessary: a page ends in the middle of posts sharing one created_at,
        // so a cursor on created_at alone would skip the rest of that group. The walk above crosses such pages.
        List<PostRow> rows = allInOrder(false);
        int split = 0;
        for (int end = SIZE; end < rows.size(); end += SIZE) {
            if (rows.get(end - 1).createdAt().equals(rows.get(end).createdAt())) split++;
        }
        assertThat(split).isGreaterThan(5);
    }

    @Test
    void depthIsAWholeNumberOfPages() {
        assertThat(Pages.offset("first", 1000)).isZero();
        assertThat(Pages.offset("10pct", 1000)).isEqualTo(100);
        assertThat(Pages.offset("90pct", 100_000)).isEqualTo(90_000);
        assertThat(Pages.offset("33pct", 1000)).isEqualTo(320);
        assertThatThrownBy(() -> Pages.offset("100pct", 1000)).isInstanceOf(SetupException.class);
        assertThatThrownBy(() -> Pages.offset("deep", 1000)).isInstanceOf(SetupException.class);
        assertThatThrownBy(() -> Params.oneOf("sortKey", "title", "id", "createdAt")).isInstanceOf(SetupException.class)
                .hasMessage("bad sortKey 'title': use id or createdAt");
    }
}
