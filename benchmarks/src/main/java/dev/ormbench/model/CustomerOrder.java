package dev.ormbench.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/** A row of {@code orders} ("Order" is a word of the query language, hence the longer name). */
@Entity
@Table(name = "orders")
public class CustomerOrder {

    @Id
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    private User user;

    /** The foreign key itself, readable without loading the user. */
    @Column(name = "user_id", insertable = false, updatable = false)
    private Long userId;

    private BigDecimal total;
    private String status;
    @Column(name = "created_at")
    private LocalDateTime createdAt;

    protected CustomerOrder() {
    }

    public Long getId() { return id; }
    public User getUser() { return user; }
    public Long getUserId() { return userId; }
    public BigDecimal getTotal() { return total; }
    public String getStatus() { return status; }
    public LocalDateTime getCreatedAt() { return createdAt; }
}
