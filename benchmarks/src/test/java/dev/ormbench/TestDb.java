package dev.ormbench;

import dev.ormbench.db.Db;
import dev.ormbench.measure.StatementCounter;

import java.util.concurrent.Callable;

/** The small dataset, opened once for the whole test JVM, and a way to count the statements of one call. */
public final class TestDb {

    private static Db db;

    private TestDb() {
    }

    public static synchronized Db small() {
        if (db == null) db = Db.open("small");
        return db;
    }

    /** What a call returned and how many statements it sent. */
    public record Counted<T>(T value, long statements) {
    }

    public static <T> Counted<T> count(Callable<T> call) throws Exception {
        StatementCounter.Tally tally = StatementCounter.tally();
        long before = tally.statements;
        T value = call.call();
        return new Counted<>(value, tally.statements - before);
    }
}
