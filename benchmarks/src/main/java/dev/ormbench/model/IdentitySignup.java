package dev.ormbench.model;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDateTime;

/**
 * A signup whose key the database assigns on insert: Hibernate must send each INSERT at once (with
 * {@code returning id}) to learn the key, so it cannot batch them.
 */
@Entity(name = "IdentitySignup")
@Table(name = "signups")
public class IdentitySignup extends Signup {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    protected IdentitySignup() {
    }

    public IdentitySignup(String email, String name, String bio, String country, boolean active,
                          LocalDateTime createdAt, LocalDateTime lastLogin) {
        super(email, name, bio, country, active, createdAt, lastLogin);
    }

    @Override
    public Long getId() { return id; }
}
