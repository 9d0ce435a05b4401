package dev.ormbench.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;

@Entity
@Table(name = "books")
public class Book {

    @Id
    private Long id;

    /** Lazy: JPA's default for many-to-one is eager, which hides the N+1 in a different place; real code makes it lazy. */
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "author_id")
    private Author author;

    private String title;
    private String isbn;
    @Column(name = "published_year")
    private int publishedYear;
    private BigDecimal price;

    protected Book() {
    }

    public Long getId() { return id; }
    public Author getAuthor() { return author; }
    public String getTitle() { return title; }
    public String getIsbn() { return isbn; }
    public int getPublishedYear() { return publishedYear; }
    public BigDecimal getPrice() { return price; }
}
