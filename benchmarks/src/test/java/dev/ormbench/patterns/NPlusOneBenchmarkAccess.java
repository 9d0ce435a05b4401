package dev.ormbench.patterns;

import dev.ormbench.db.Db;

/** Lets tests outside this package run a pattern's code on a given {@link Db}. */
public final class NPlusOneBenchmarkAccess {

    private NPlusOneBenchmarkAccess() {
    }

    /** The N+1 variant of pattern 1 on a page of books; returns the number of books. */
    public static int lazyBooks(Db db, int pageSize) {
        return NPlusOneBenchmark.lazyBooks(db.orm(), pageSize).size();
    }
}
