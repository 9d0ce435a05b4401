package dev.ormbench.model;

import java.util.List;

/** The JPA entities of the one shared domain, mapped onto fixtures/schema-*.sql. */
public final class Entities {

    public static final List<Class<?>> ALL = List.of(
            Author.class, Book.class, User.class, Post.class, Comment.class, CustomerOrder.class,
            VersionedAccount.class, LedgerEntry.class, UnversionedAccount.class);

    private Entities() {
    }
}
