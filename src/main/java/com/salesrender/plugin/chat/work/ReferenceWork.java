package com.salesrender.plugin.chat.work;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.ReferenceWorker;
import com.salesrender.plugin.chat.platform.Ids;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The lease on one {@link ReferenceWorker}'s work for one plugin reference: which instance holds it (its claim), until
 * when, and with which settings (their saved time). Free once {@code leaseUntil} has passed: released by its holder, or
 * run out because its holder died.
 */
@Entity
@Table(name = "reference_work")
public class ReferenceWork {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Embedded
    private StoredReference reference;

    @Column(name = "worker", nullable = false, length = ReferenceWorker.MAX_NAME)
    private String worker;

    /** The instance holding the lease; null once released. */
    @Column(name = "owner_instance", length = 36)
    private String owner;

    /** One claim of the lease (a holder claims the same work again with a new one); null once released. */
    @Column(name = "claim_id", length = 36)
    private String claimId;

    @Column(name = "lease_until", nullable = false)
    private long leaseUntil;

    /** The saved time of the settings the holder runs with. */
    @Column(name = "settings_version", nullable = false)
    private long settingsVersion;

    @Column(name = "claimed_at", nullable = false)
    private long claimedAt;

    protected ReferenceWork() {}

    /** A lease claimed at once (the first claim of this work). */
    ReferenceWork(
            PluginReference reference,
            String worker,
            String owner,
            String claimId,
            long leaseUntil,
            long settingsVersion,
            long now) {
        this.id = Ids.random();
        this.reference = new StoredReference(reference);
        this.worker = worker;
        this.owner = owner;
        this.claimId = claimId;
        this.leaseUntil = leaseUntil;
        this.settingsVersion = settingsVersion;
        this.claimedAt = now;
    }

    String id() {
        return id;
    }

    PluginReference reference() {
        return reference.value();
    }

    String worker() {
        return worker;
    }

    String owner() {
        return owner;
    }

    String claimId() {
        return claimId;
    }

    long leaseUntil() {
        return leaseUntil;
    }

    long settingsVersion() {
        return settingsVersion;
    }
}
