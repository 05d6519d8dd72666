package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.platform.Traces;
import com.salesrender.plugin.chat.registration.Registration;
import com.salesrender.plugin.chat.registration.Registrations;
import com.salesrender.plugin.chat.task.Claim;
import com.salesrender.plugin.chat.task.TaskQueue;
import com.salesrender.plugin.chat.task.TaskState;
import com.salesrender.plugin.chat.task.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Stores requests to the CRM as tasks and queues them, in the caller's transaction; claims them for sending. */
@ApplicationScoped
@Transactional
public class CrmRequests {

    private static final Logger LOG = Logger.getLogger(CrmRequests.class.getName());
    private static final Duration WAIT_FOR_EARLIER_STATUS = Duration.ofSeconds(1);

    @PersistenceContext
    EntityManager em;

    @Inject
    TaskQueue queue;

    @Inject
    CrmRequestKind kind;

    @Inject
    TaskStore store;

    @Inject
    Registrations registrations;

    @Inject
    CrmRequestMetrics metrics;

    @Inject
    Traces traces;

    @Inject
    DirectRoute route;

    /** A claimed request that goes to the CRM now, and the registration to sign it with. */
    public record Ready(Claim<CrmRequest> claim, Registration registration) {}

    /**
     * Claims the request and decides in the same transaction whether it goes now: one expired, superseded by a later
     * status of its message, or whose plugin is not registered any more is dropped; a status waits while an earlier
     * status of its message is on its way. Empty unless it goes (or when it is not claimable).
     */
    public Optional<Ready> claimToSend(String id) {
        Optional<Claim<CrmRequest>> claim = store.claim(kind, id);
        if (claim.isEmpty()) {
            return Optional.empty(); // done, held by another worker, or not due
        }
        CrmRequest request = claim.get().task();
        String claimId = claim.get().claimId();
        if (System.currentTimeMillis() >= request.expiresAt()) {
            // The CRM never got it (as a request given up): the operator looks at the CRM's side. (Just claimed in this
            // transaction, so the drop cannot find its claim lost.)
            metrics.givenUp(request.endpoint());
            return drop(request, claimId, Level.WARNING, "Expired before the CRM took it");
        }
        if (request.endpoint() == CrmEndpoint.STATUS) {
            if (isSuperseded(request)) {
                return drop(request, claimId, Level.FINE, "Superseded by a later status of the message");
            }
            if (hasEarlierStatusInFlight(request)) {
                store.release(kind, id, claimId, WAIT_FOR_EARLIER_STATUS, null);
                return Optional.empty();
            }
        }
        Optional<Registration> registration = registrations.find(request.reference());
        if (registration.isEmpty()) {
            return drop(request, claimId, Level.FINE, "The plugin is not registered any more");
        }
        return Optional.of(new Ready(claim.get(), registration.get()));
    }

    /**
     * Routine drops (superseded, unregistered) are FINE: under load there is one for nearly every status, and the
     * task's history already records each; WARNING is kept for what an operator acts on.
     */
    private Optional<Ready> drop(CrmRequest request, String claimId, Level level, String reason) {
        LOG.log(
                level,
                () -> "Request " + request.endpoint() + " to the CRM of " + request.reference() + " dropped: "
                        + reason);
        store.finish(kind, request.id(), claimId, TaskState.DROPPED, reason);
        return Optional.empty();
    }

    /** Records a failed attempt the CRM answered: its error text and its answer code, in one transaction. */
    public void failAnswered(String id, String claimId, int code, String error) {
        if (store.fail(kind, id, claimId, error) != TaskStore.Failure.CLAIM_LOST) {
            em.find(CrmRequest.class, id).answered(code); // the row store.fail holds, in this transaction
        }
    }

    /** Drops a claimed request the CRM refused for good (a stop code), with the code it answered. */
    public void dropAnswered(String id, String claimId, int code, String reason) {
        if (store.finish(kind, id, claimId, TaskState.DROPPED, reason)) {
            em.find(CrmRequest.class, id).answered(code);
        }
    }

    /**
     * Whether a status reported after this request's makes it pointless: the CRM should not see it late. Read under the
     * record's lock, which a report holds until it commits: a later status stored meanwhile, and sent straight from its
     * report (it found this one not yet claimed), is seen here, and this one dropped; or the report waits for this
     * claim, finds this request on its way and queues behind it. Without the lock both went out, in either order.
     */
    private boolean isSuperseded(CrmRequest request) {
        MessageStatusRecord record = em.find(
                MessageStatusRecord.class,
                MessageStatusRecord.idOf(request.reference(), request.messageId()),
                LockModeType.PESSIMISTIC_WRITE);
        return record != null && record.status() != request.status();
    }

    /**
     * What a report or a forward stored: whether it stored a request, and the request to send now (claimed), if any.
     */
    public record Stored(boolean stored, Optional<Ready> straight) {

        static final Stored NOTHING = new Stored(false, Optional.empty());
    }

    /**
     * Stores the request: with {@code straight}, claimed for the caller to send once the transaction commits, when it
     * may go now ({@link #storeToSend}); queued otherwise.
     */
    public Stored queueOrClaim(CrmRequest request, boolean straight) {
        if (straight) {
            return new Stored(true, storeToSend(request));
        }
        queue(request);
        return new Stored(true, Optional.empty());
    }

    public void queue(CrmRequest request) {
        store(request);
        queue.enqueue(kind, request);
    }

    /**
     * Stores a request that the caller sends itself once its transaction commits (see {@link DirectRoute}): claimed as
     * it is stored, with no queue message. Queued as usual instead (empty) while an earlier status of its message is on
     * its way (a status waits for it), when its plugin is not registered (it is dropped from the queue), or while its
     * CRM is paused.
     */
    public Optional<Ready> storeToSend(CrmRequest request) {
        Optional<Registration> registration = registrations.find(request.reference());
        if (registration.isEmpty()
                || !route.open(registration.get().clusterUri().toString())
                || (request.endpoint() == CrmEndpoint.STATUS && hasEarlierStatusInFlight(request))) {
            queue(request);
            return Optional.empty();
        }
        prepare(request);
        Claim<CrmRequest> claim = store.storeClaimed(kind, request);
        return Optional.of(new Ready(claim, registration.get()));
    }

    private void store(CrmRequest request) {
        prepare(request);
        em.persist(request);
    }

    private void prepare(CrmRequest request) {
        request.limitAttempts(kind.retryPolicy(request).attemptLimit());
        // A status the send worker reports joins its message's trace; one from a webhook, the webhook request's.
        if (request.traceContext() == null) {
            request.traceContext(traces.current());
        }
    }

    /** Whether an earlier status of the same message is on its way to the CRM right now: this one waits for it. */
    private boolean hasEarlierStatusInFlight(CrmRequest request) {
        return StoredReference.bind(
                                em.createQuery(
                                        "SELECT COUNT(r) FROM CrmRequest r WHERE " + StoredReference.of("r")
                                                + " AND r.messageId = :message AND r.state = :running AND r.createdAt <= :created AND r.id <> :id",
                                        Long.class),
                                request.reference())
                        .setParameter("message", request.messageId())
                        .setParameter("running", TaskState.RUNNING)
                        .setParameter("created", request.createdAt())
                        .setParameter("id", request.id())
                        .getSingleResult()
                > 0;
    }
}
