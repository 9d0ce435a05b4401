package dev.ormbench.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import java.util.ArrayList;
import java.util.List;

@Entity
@Table(name = "authors")
public class Author {

    @Id
    private Long id;
    private String name;
    private String country;

    /** Lazy, as every to-many association is by default: touching it in a loop is the N+1. */
    @OneToMany(mappedBy = "author")
    @OrderBy("id")
    private List<Book> books = new ArrayList<>();

    protected Author() {
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public String getCountry() { return country; }
    public List<Book> getBooks() { return books; }
}
