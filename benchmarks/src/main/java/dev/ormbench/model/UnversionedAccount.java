package dev.ormbench.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/**
 * The {@code accounts} table mapped as most entities are: without {@code @Version}. Dirty checking then writes
 * back whatever balance this session read, however stale; {@link VersionedAccount} is the same row with optimistic locking.
 */
@Entity
@Table(name = "accounts")
public class UnversionedAccount {

    @Id
    private Long id;
    private String owner;
    private BigDecimal balance;

    protected UnversionedAccount() {
    }

    public Long getId() { return id; }
    public String getOwner() { return owner; }
    public BigDecimal getBalance() { return balance; }
    public void setBalance(BigDecimal balance) { this.balance = balance; }
}
