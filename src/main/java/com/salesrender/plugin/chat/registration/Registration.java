package com.salesrender.plugin.chat.registration;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.net.URI;
import java.util.UUID;

/** A company's installation of this plugin: the secret (HPT) and address used to call its CRM back. */
@Entity
@Table(name = "registration")
public class Registration {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Embedded
    private StoredReference reference;

    @Column(name = "hpt", nullable = false, length = 2048)
    private String hpt;

    @Column(name = "cluster_uri", nullable = false, length = 1024)
    private String clusterUri;

    @Column(name = "country", length = 2)
    private String country;

    @Column(name = "currency", length = 3)
    private String currency;

    @Column(name = "registered_at", nullable = false)
    private long registeredAt;

    /** The registration token's iat (epoch seconds), or null when it carried none. */
    @Column(name = "issued_at")
    private Long issuedAt;

    protected Registration() {}

    Registration(
            PluginReference reference, String hpt, URI clusterUri, String country, String currency, long registeredAt) {
        this.id = UUID.randomUUID().toString();
        this.reference = new StoredReference(reference);
        this.hpt = hpt;
        this.clusterUri = clusterUri.toString();
        this.country = country;
        this.currency = currency;
        this.registeredAt = registeredAt;
    }

    public PluginReference reference() {
        return reference.value();
    }

    /** The HMAC key for everything sent back to this company's CRM. */
    /** As stored: encrypted when {@code plugin.secrets.key} is set ({@link Registrations#hpt} opens it). */
    String storedHpt() {
        return hpt;
    }

    public URI clusterUri() {
        return URI.create(clusterUri);
    }

    public String country() {
        return country;
    }

    public String currency() {
        return currency;
    }

    public long registeredAt() {
        return registeredAt;
    }

    /** The registration token's iat (epoch seconds), or null when it carried none. */
    public Long issuedAt() {
        return issuedAt;
    }

    void issuedAt(Long seconds) {
        this.issuedAt = seconds;
    }
}
