package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.task.TaskHistory;
import com.salesrender.plugin.chat.task.TaskQueue;
import com.salesrender.plugin.chat.task.TaskState;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Stores requests to the CRM as tasks and queues them, in the caller's transaction. */
@Stateless
public class CrmRequests {

    @PersistenceContext
    EntityManager em;

    @Inject
    TaskQueue queue;

    @Inject
    TaskHistory history;

    @Inject
    CrmRequestKind kind;

    public void queue(CrmRequest request) {
        request.limitAttempts(kind.retryPolicy(request).attemptLimit());
        em.persist(request);
        history.record(request, "QUEUED", request.status() != null
                ? "Status " + request.status().wireName() + " for the CRM" : "Incoming message for the CRM");
        queue.enqueue(kind, request.id());
    }

    /** Whether an earlier status of the same message is on its way to the CRM right now: this one waits for it. */
    public boolean hasEarlierStatusInFlight(CrmRequest request) {
        return StoredReference.bind(em.createQuery("SELECT COUNT(r) FROM CrmRequest r WHERE " + StoredReference.of("r")
                        + " AND r.messageId = :message AND r.state = :running AND r.createdAt <= :created AND r.id <> :id",
                        Long.class), request.reference())
                .setParameter("message", request.messageId())
                .setParameter("running", TaskState.RUNNING)
                .setParameter("created", request.createdAt())
                .setParameter("id", request.id())
                .getSingleResult() > 0;
    }
}
