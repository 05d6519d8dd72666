package com.salesrender.plugin.chat.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A CRM signing key that verified a token, cached by the address it was fetched from so it is fetched once. */
@Entity
@Table(name = "crm_public_key")
public class CrmPublicKey {

    @Id
    @Column(name = "key_uri", length = 1200)
    private String keyUri;

    @Column(name = "pem", nullable = false, length = 16384)
    private String pem;

    @Column(name = "fetched_at", nullable = false)
    private long fetchedAt;

    protected CrmPublicKey() {}

    CrmPublicKey(String keyUri, String pem, long fetchedAt) {
        this.keyUri = keyUri;
        this.pem = pem;
        this.fetchedAt = fetchedAt;
    }

    String pem() {
        return pem;
    }
}
