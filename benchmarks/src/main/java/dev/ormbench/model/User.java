package dev.ormbench.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDateTime;

/** Wide on purpose: {@code bio} is about 1 KB per row. */
@Entity
@Table(name = "users")
public class User {

    @Id
    private Long id;
    private String email;
    private String name;
    private String bio;
    private String country;
    private boolean active;
    @Column(name = "created_at")
    private LocalDateTime createdAt;
    @Column(name = "last_login")
    private LocalDateTime lastLogin;

    protected User() {
    }

    public User(Long id, String email, String name, String bio, String country, boolean active,
                LocalDateTime createdAt, LocalDateTime lastLogin) {
        this.id = id;
        this.email = email;
        this.name = name;
        this.bio = bio;
        this.country = country;
        this.active = active;
        this.createdAt = createdAt;
        this.lastLogin = lastLogin;
    }

    public Long getId() { return id; }
    public String getEmail() { return email; }
    public String getName() { return name; }
    public String getBio() { return bio; }
    public String getCountry() { return country; }
    public boolean isActive() { return active; }
    public LocalDateTime getCreatedAt() { return createdAt; }
    public LocalDateTime getLastLogin() { return lastLogin; }
}
