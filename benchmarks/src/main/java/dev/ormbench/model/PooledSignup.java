package dev.ormbench.model;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.LocalDateTime;

/**
 * A signup whose key Hibernate draws from the sequence before the insert, {@value #ALLOCATION_SIZE} keys per
 * {@code nextval} call (the pooled optimizer): the INSERTs need not return anything and can be batched.
 * The sequence is the one behind {@code signups.id}'s identity, whose increment must equal the allocation size.
 */
@Entity(name = "PooledSignup")
@Table(name = "signups")
public class PooledSignup extends Signup {

    /** Must equal the {@code INCREMENT BY} of {@code signups_id_seq} (fixtures/schema-1-tables.sql). */
    public static final int ALLOCATION_SIZE = 1000;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "signups_pooled")
    @SequenceGenerator(name = "signups_pooled", sequenceName = "signups_id_seq", allocationSize = ALLOCATION_SIZE)
    private Long id;

    protected PooledSignup() {
    }

    public PooledSignup(String email, String name, String bio, String country, boolean active,
                        LocalDateTime createdAt, LocalDateTime lastLogin) {
        super(email, name, bio, country, active, createdAt, lastLogin);
    }

    @Override
    public Long getId() { return id; }
}
