package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** The recorded life of tasks; events are written in the transaction of the change they describe. */
@Stateless
public class TaskHistory {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String ATTEMPT_FAILED = "ATTEMPT_FAILED";
    public static final String DONE = "DONE";
    public static final String DROPPED = "DROPPED";
    public static final String GIVEN_UP = "GIVEN_UP";
    public static final String REPLAYED = "REPLAYED";
    /** A FAILED message the CRM sent again, queued again with fresh attempts. */
    public static final String REQUEUED = "REQUEUED";

    public static final String WAITED = "WAITED";
    /** Claimed again after the worker of its running attempt stopped renewing the lease (it died, or was stopped). */
    public static final String TAKEN_OVER = "TAKEN_OVER";

    @PersistenceContext
    EntityManager em;

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(Task task, String event, String detail) {
        em.persist(new TaskEvent(task, event, detail, System.currentTimeMillis()));
    }

    /** Everything recorded about one message of one plugin reference (its send task and its statuses), oldest first. */
    public List<TaskEvent> ofMessage(PluginReference reference, String messageId) {
        return StoredReference.bind(
                        em.createQuery(
                                "SELECT e FROM TaskEvent e WHERE " + StoredReference.of("e")
                                        + " AND e.messageId = :message ORDER BY e.seq",
                                TaskEvent.class),
                        reference)
                .setParameter("message", messageId)
                .getResultList();
    }

    public List<TaskEvent> ofTask(String taskId) {
        return em.createQuery("SELECT e FROM TaskEvent e WHERE e.taskId = :task ORDER BY e.seq", TaskEvent.class)
                .setParameter("task", taskId)
                .getResultList();
    }
}
