package dev.ormbench.model;

/** A book with its author's name: what the book patterns answer, whichever way they load it. */
public record BookRow(long id, String title, String author) {

    /** The row of a loaded book; touches its author (a lazy load unless the author was fetched with it). */
    public static BookRow of(Book b) {
        return new BookRow(b.getId(), b.getTitle(), b.getAuthor().getName());
    }
}
