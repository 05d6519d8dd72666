package com.salesrender.plugin.chat.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A CRM signing key that verified a token, cached by its id so it is fetched once. */
@Entity
@Table(name = "crm_public_key")
public class CrmPublicKey {

    @Id
    @Column(name = "key_id", length = 128)
    private String keyId;

    @Column(name = "pem", nullable = false, length = 16384)
    private String pem;

    @Column(name = "fetched_at", nullable = false)
    private long fetchedAt;

    protected CrmPublicKey() {
    }

    CrmPublicKey(String keyId, String pem, long fetchedAt) {
        this.keyId = keyId;
        this.pem = pem;
        this.fetchedAt = fetchedAt;
    }

    String pem() {
        return pem;
    }
}
