package dev.ormbench.db;

import org.jooq.DSLContext;
import org.jooq.Record2;

import java.time.LocalDateTime;
import java.util.List;

import static dev.ormbench.jooq.Tables.POSTS;

/**
 * Where a page of posts starts, for the pagination patterns: the {@code depth} parameter as an offset, and the
 * keyset cursor of the page at that offset, both computed in a setup so that every variant reads the same page.
 */
public final class Pages {

    /** Posts per page. */
    public static final int SIZE = 20;

    /** The last row of the previous page, where a keyset page starts; {@code null} for the first page. */
    public record Cursor(long id, LocalDateTime createdAt) {
    }

    private Pages() {
    }

    /**
     * The offset of a page {@code depth} into {@code rows} rows: 0 for {@code first}, for {@code Npct} N percent deep
     * rounded down to a whole page.
     */
    public static int offset(String depth, long rows) {
        if (depth.equals("first")) return 0;
        if (depth.endsWith("pct")) {
            try {
                int pct = Integer.parseInt(depth.substring(0, depth.length() - 3));
                if (pct >= 0 && pct < 100) return (int) (rows * pct / 100 / SIZE * SIZE);
            } catch (NumberFormatException e) {
                // the one-line error below
            }
        }
        throw new SetupException("bad depth '" + depth + "': use first or a percentage below 100 such as 10pct, 90pct");
    }

    /**
     * The last post before {@code offset} in the page order (by id, or by created_at then id): the keyset cursor of
     * the page at {@code offset}; {@code null} for the first page.
     */
    public static Cursor cursorBefore(DSLContext jooq, boolean byId, int offset) {
        if (offset == 0) return null;
        Record2<Long, LocalDateTime> last = jooq.select(POSTS.ID, POSTS.CREATED_AT).from(POSTS)
                .orderBy(byId ? List.of(POSTS.ID) : List.of(POSTS.CREATED_AT, POSTS.ID))
                .offset(offset - 1).limit(1)
                .fetchOne();
        if (last == null) throw new SetupException("the posts table has fewer than " + offset + " rows");
        return new Cursor(last.value1(), last.value2());
    }
}
