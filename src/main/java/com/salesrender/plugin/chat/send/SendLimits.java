package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.task.Admission;
import com.salesrender.plugin.chat.task.TaskState;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Caps that protect a gateway: per plugin reference, at most {@code plugin.send.limit.concurrent} sends at once and
 * {@code plugin.send.limit.per-second} send attempts in any second (0: no cap). The counts come from the task rows (a
 * crashed instance's sends stop counting when their lease runs out), read under a lock on the reference's
 * {@link SendGate} row so that concurrent workers on any instance admit one at a time. A message over a cap waits on
 * the queue without using up an attempt.
 */
@Stateless
public class SendLimits {

    /** How long a message waits when all of its reference's send slots are busy before it asks again. */
    private static final Duration BUSY_WAIT = Duration.ofMillis(100);

    @Inject
    @ConfigProperties
    SendOptions options;

    @PersistenceContext
    EntityManager em;

    @Resource
    SessionContext context;

    /**
     * Go, or how long to wait, for a send of this reference; called in the claim's transaction, which keeps the
     * reference's gate row locked until it commits.
     */
    public Admission admit(PluginReference reference) {
        if (!options.capped()) {
            return Admission.GO;
        }
        lockGate(reference);
        return waitNeeded(reference, System.currentTimeMillis())
                .map(Admission::after)
                .orElse(Admission.GO);
    }

    private Optional<Duration> waitNeeded(PluginReference reference, long now) {
        if (options.concurrent > 0) {
            long running = StoredReference.bind(
                            em.createQuery(
                                    "SELECT COUNT(t) FROM ChatSendTask t WHERE " + StoredReference.of("t")
                                            + " AND t.state = :running AND t.leaseUntil >= :now",
                                    Long.class),
                            reference)
                    .setParameter("running", TaskState.RUNNING)
                    .setParameter("now", now)
                    .getSingleResult();
            if (running >= options.concurrent) {
                return Optional.of(BUSY_WAIT);
            }
        }
        if (options.perSecond > 0) {
            Object[] lastSecond = StoredReference.bind(
                            em.createQuery(
                                    "SELECT COUNT(t), MIN(t.lastAttemptAt) FROM ChatSendTask t WHERE "
                                            + StoredReference.of("t") + " AND t.lastAttemptAt > :since",
                                    Object[].class),
                            reference)
                    .setParameter("since", now - 1000)
                    .getSingleResult();
            long attempts = ((Number) lastSecond[0]).longValue();
            if (attempts >= options.perSecond) {
                // The oldest attempt of the window leaves it first; then one more may go.
                long oldest = ((Number) lastSecond[1]).longValue();
                return Optional.of(Duration.ofMillis(Math.max(1, oldest + 1000 - now + 1)));
            }
        }
        return Optional.empty();
    }

    private void lockGate(PluginReference reference) {
        String key = StoredReference.key(reference);
        if (em.find(SendGate.class, key, LockModeType.PESSIMISTIC_WRITE) == null) {
            context.getBusinessObject(SendLimits.class).createGate(key);
            em.find(SendGate.class, key, LockModeType.PESSIMISTIC_WRITE);
        }
    }

    /** Its own transaction, so a second instance creating the same gate at the same moment is harmless. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void createGate(String key) {
        try {
            em.persist(new SendGate(key, System.currentTimeMillis()));
            em.flush();
        } catch (PersistenceException alreadyThere) {
            context.setRollbackOnly();
        }
    }
}
