package dev.ormbench.model;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import java.time.LocalDateTime;

/**
 * A new user, as pattern 4 inserts it into {@code signups} (the columns of {@code users}). Two entities map it,
 * differing only in how the key is drawn: {@link IdentitySignup} and {@link PooledSignup}.
 */
@MappedSuperclass
public abstract class Signup {

    private String email;
    private String name;
    private String bio;
    private String country;
    private boolean active;
    @Column(name = "created_at")
    private LocalDateTime createdAt;
    @Column(name = "last_login")
    private LocalDateTime lastLogin;

    protected Signup() {
    }

    protected Signup(String email, String name, String bio, String country, boolean active,
                     LocalDateTime createdAt, LocalDateTime lastLogin) {
        this.email = email;
        this.name = name;
        this.bio = bio;
        this.country = country;
        this.active = active;
        this.createdAt = createdAt;
        this.lastLogin = lastLogin;
    }

    public abstract Long getId();
    public String getEmail() { return email; }
    public String getName() { return name; }
    public String getBio() { return bio; }
    public String getCountry() { return country; }
    public boolean isActive() { return active; }
    public LocalDateTime getCreatedAt() { return createdAt; }
    public LocalDateTime getLastLogin() { return lastLogin; }
}
