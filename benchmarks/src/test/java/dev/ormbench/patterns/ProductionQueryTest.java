package dev.ormbench.patterns;

import dev.ormbench.TestDb;
import dev.ormbench.TestDb.Counted;
import dev.ormbench.db.Db;
import dev.ormbench.db.Pages;
import dev.ormbench.db.Pages.Cursor;
import dev.ormbench.patterns.ProductionQueryBenchmark.CommentRow;
import dev.ormbench.patterns.ProductionQueryBenchmark.PostRow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProductionQueryTest {

    private static final int POSTS_SMALL = 1000;
    private final Db db = TestDb.small();

    @ParameterizedTest
    @ValueSource(strings = {"first", "50pct", "98pct"})
    void variantsGiveTheSamePostsAndCommentsIn21And2And1Statements(String depth) throws Exception {
        int offset = Pages.offset(depth, POSTS_SMALL);
        Cursor cursor = Pages.cursorBefore(db.jooq, true, offset);
        Long after = cursor == null ? null : cursor.id();

        Counted<List<PostRow>> bad = TestDb.count(() -> ProductionQueryBenchmark.naive(db.orm(), offset));
        Counted<List<PostRow>> good = TestDb.count(() -> ProductionQueryBenchmark.keysetSelectIn(db.orm(), after));
        Counted<List<PostRow>> floor = TestDb.count(() -> ProductionQueryBenchmark.multiset(db.jooq, after));

        assertThat(bad.value()).hasSize(20).isEqualTo(good.value()).isEqualTo(floor.value());
        // small: posts 1..1000 titled "Post i"; comment i belongs to post ((i - 1) % 1000) + 1, 5 per post
        for (int k = 0; k < 20; k++) {
            PostRow post = bad.value().get(k);
            long id = offset + 1 + k;
            assertThat(post.id()).isEqualTo(id);
            assertThat(post.title()).isEqualTo("Post " + id);
            assertThat(post.comments()).extracting(CommentRow::id)
                    .containsExactly(id, id + 1000, id + 2000, id + 3000, id + 4000);
            assertThat(post.comments().getFirst().body()).startsWith("Comment " + id + " ");
        }
        assertThat(bad.statements()).isEqualTo(1 + 20);
        assertThat(good.statements()).isEqualTo(2);
        assertThat(floor.statements()).isEqualTo(1);
    }
}
