package com.salesrender.plugin.chat.send;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The row a plugin reference's sends are admitted under (locked), so caps hold across instances. */
@Entity
@Table(name = "send_gate")
public class SendGate {

    @Id
    @Column(name = "reference_key", length = 400)
    private String referenceKey;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected SendGate() {}

    SendGate(String referenceKey, long createdAt) {
        this.referenceKey = referenceKey;
        this.createdAt = createdAt;
    }
}
