package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.access.PluginReference;
import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.crm.MessageStatuses;
import com.salesrender.plugin.chat.message.Chat;
import com.salesrender.plugin.chat.task.Sequence;
import com.salesrender.plugin.chat.task.TaskHistory;
import com.salesrender.plugin.chat.task.TaskQueue;
import com.salesrender.plugin.chat.task.TaskStore;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/** Outgoing messages accepted from the CRM. */
@Stateless
public class ChatSends {

    @PersistenceContext
    EntityManager em;

    @Inject
    TaskQueue queue;

    @Inject
    ChatSendKind kind;

    @Inject
    TaskHistory history;

    @Inject
    TaskStore store;

    @Inject
    MessageStatuses statuses;

    @Inject
    ChatSendMetrics metrics;

    /**
     * Stores the message as a send task and queues it once the transaction commits (on rollback, neither).
     * A message id already accepted for this reference is not stored again (answers false).
     */
    public boolean accept(PluginReference reference, Chat chat) {
        if (find(reference, chat.message().id()).isPresent()) {
            return false;
        }
        long now = System.currentTimeMillis();
        ChatSendTask task = new ChatSendTask(reference, chat, kind.retryPolicy().attemptLimit(), now, Sequence.next(now));
        em.persist(task);
        em.flush(); // a concurrent duplicate fails here, on the unique (reference, message id) key
        history.record(task, TaskHistory.ACCEPTED, "To " + chat.contact());
        queue.enqueue(kind, task.id());
        metrics.accepted();
        return true;
    }

    /**
     * Queues a FAILED message again with a fresh set of attempts. Its reported statuses are forgotten, so the
     * new attempts report from the start (a replayed message may go from error back to sent). False when the
     * task is not there or not FAILED.
     */
    public boolean replay(String taskId, String who) {
        ChatSendTask task = em.find(ChatSendTask.class, taskId);
        if (task == null || !store.replay(kind, taskId, who)) {
            return false;
        }
        statuses.forget(task.reference(), task.messageId());
        return true;
    }

    public Optional<ChatSendTask> find(PluginReference reference, String messageId) {
        return StoredReference.bind(em.createQuery("SELECT t FROM ChatSendTask t WHERE " + StoredReference.of("t")
                        + " AND t.messageId = :message", ChatSendTask.class), reference)
                .setParameter("message", messageId)
                .getResultStream()
                .findFirst();
    }
}
