package dev.ormbench.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;

/**
 * The {@code accounts} table with optimistic locking ({@code @Version}): an update from a stale read fails instead of
 * overwriting. {@link UnversionedAccount} is the same row without it.
 */
@Entity
@Table(name = "accounts")
public class VersionedAccount {

    @Id
    private Long id;
    private String owner;
    private BigDecimal balance;

    /** Optimistic locking: an update with a stale version fails instead of overwriting. */
    @Version
    private long version;

    protected VersionedAccount() {
    }

    public Long getId() { return id; }
    public String getOwner() { return owner; }
    public BigDecimal getBalance() { return balance; }
    public void setBalance(BigDecimal balance) { this.balance = balance; }
    public long getVersion() { return version; }
}
