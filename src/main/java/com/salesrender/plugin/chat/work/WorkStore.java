package com.salesrender.plugin.chat.work;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.Ids;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The leases of background work ({@link ReferenceWork} rows), each call one short transaction of its own: no work runs
 * inside one. A lease is taken by a conditional update that wins only while it is free, so two instances never both
 * hold it; its holder renews and releases it by its claim id, which a takeover replaces.
 *
 * <p>The settings version of a lease is the company's settings' saved time ({@code PluginSettings.updatedAt}); the work
 * is offered for registered references with saved settings. Both are read here with plain queries on those entities.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class WorkStore {

    /** The same reference, {@code a} and {@code b} being two entities with an embedded {@code StoredReference}. */
    private static String sameReference(String a, String b) {
        return a + ".reference.companyId = " + b + ".reference.companyId AND " + a + ".reference.pluginAlias = " + b
                + ".reference.pluginAlias AND " + a + ".reference.pluginId = " + b + ".reference.pluginId";
    }

    /** Registered references with saved settings whose lease on the worker's work is free (or was never taken). */
    private static final String FREE = "SELECT s.reference.companyId, s.reference.pluginAlias, s.reference.pluginId,"
            + " s.updatedAt FROM PluginSettings s"
            + " WHERE EXISTS (SELECT r.id FROM Registration r WHERE " + sameReference("r", "s") + ")"
            + " AND NOT EXISTS (SELECT w.id FROM ReferenceWork w WHERE " + sameReference("w", "s")
            + " AND w.worker = :worker AND w.leaseUntil >= :now)"
            + " ORDER BY s.reference.companyId, s.reference.pluginAlias, s.reference.pluginId";

    /** The claim: wins only while the lease is free. */
    private static final String CLAIM = "UPDATE ReferenceWork w SET w.owner = :owner, w.claimId = :claim,"
            + " w.leaseUntil = :until, w.settingsVersion = :version, w.claimedAt = :now"
            + " WHERE w.id = :id AND w.leaseUntil < :now";

    /** Claims whose settings were saved again (or are gone) since they were claimed. */
    private static final String OUTDATED = "SELECT w.claimId FROM ReferenceWork w WHERE w.claimId IN :claims"
            + " AND NOT EXISTS (SELECT s.id FROM PluginSettings s WHERE " + sameReference("s", "w")
            + " AND s.updatedAt = w.settingsVersion)";

    @PersistenceContext
    EntityManager em;

    /** A reference whose work is free, with its settings' saved time. */
    public record Free(PluginReference reference, long settingsVersion) {}

    /** A lease taken: its claim id, its end, and the instance that held it before and never released it. */
    public record Claimed(String claimId, long until, String takenFrom) {}

    /**
     * One page of the references with saved settings whose work by {@code worker} nobody holds, in the references'
     * order.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Free> free(String worker, long now, int first, int max) {
        return em
                .createQuery(FREE, Object[].class)
                .setParameter("worker", worker)
                .setParameter("now", now)
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList()
                .stream()
                .map(row -> new Free(
                        new PluginReference((String) row[0], (String) row[1], (String) row[2]),
                        ((Number) row[3]).longValue()))
                .toList();
    }

    /**
     * Takes the lease on the worker's work for the reference, for {@code lease}, if nobody holds it and the settings
     * are still those saved at {@code settingsVersion} (the ones the caller decided on). Empty when another instance
     * holds it, or the settings changed meanwhile.
     */
    public Optional<Claimed> claim(
            PluginReference reference, String worker, long settingsVersion, String owner, Duration lease) {
        // The settings row is locked (as a save locks it) so that two instances creating the first lease row of this
        // work take turns instead of one failing on the unique key; its saved time is read under the lock.
        List<?> saved = em.createNativeQuery("SELECT updated_at FROM plugin_settings"
                        + " WHERE company_id = ?1 AND plugin_alias = ?2 AND plugin_id = ?3 FOR UPDATE")
                .setParameter(1, reference.companyId())
                .setParameter(2, reference.alias())
                .setParameter(3, reference.id())
                .getResultList();
        if (saved.size() != 1 || ((Number) saved.get(0)).longValue() != settingsVersion) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        long until = now + lease.toMillis();
        String claim = Ids.random();
        Optional<ReferenceWork> existing = StoredReference.bind(
                        em.createQuery(
                                "SELECT w FROM ReferenceWork w WHERE " + StoredReference.of("w")
                                        + " AND w.worker = :worker",
                                ReferenceWork.class),
                        reference)
                .setParameter("worker", worker)
                .getResultStream()
                .findFirst();
        if (existing.isEmpty()) {
            em.persist(new ReferenceWork(reference, worker, owner, claim, until, settingsVersion, now));
            return Optional.of(new Claimed(claim, until, null));
        }
        ReferenceWork row = existing.get();
        em.detach(row);
        int won = em.createQuery(CLAIM)
                .setParameter("owner", owner)
                .setParameter("claim", claim)
                .setParameter("until", until)
                .setParameter("version", settingsVersion)
                .setParameter("now", now)
                .setParameter("id", row.id())
                .executeUpdate();
        return won == 1 ? Optional.of(new Claimed(claim, until, row.owner())) : Optional.empty();
    }

    /**
     * Renews these claims to {@code until}; answers those renewed. A claim missing from the answer was released or
     * taken over by another instance (its lease had run out).
     */
    public Set<String> renew(Collection<String> claims, long until) {
        if (claims.isEmpty()) {
            return Set.of();
        }
        int renewed = em.createQuery("UPDATE ReferenceWork w SET w.leaseUntil = :until WHERE w.claimId IN :claims")
                .setParameter("until", until)
                .setParameter("claims", claims)
                .executeUpdate();
        if (renewed == claims.size()) {
            return Set.copyOf(claims);
        }
        return new HashSet<>(
                em.createQuery("SELECT w.claimId FROM ReferenceWork w WHERE w.claimId IN :claims", String.class)
                        .setParameter("claims", claims)
                        .getResultList());
    }

    /** Frees the lease of this claim at once (its work ended), unless another instance holds it now. */
    public void release(String claim) {
        em.createQuery("UPDATE ReferenceWork w SET w.owner = NULL, w.claimId = NULL, w.leaseUntil = :now"
                        + " WHERE w.claimId = :claim")
                .setParameter("now", System.currentTimeMillis())
                .setParameter("claim", claim)
                .executeUpdate();
    }

    /** Those of these claims whose company saved its settings since the claim (or whose settings are gone). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Set<String> outdated(Collection<String> claims) {
        if (claims.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(em.createQuery(OUTDATED, String.class)
                .setParameter("claims", claims)
                .getResultList());
    }
}
