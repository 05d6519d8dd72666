package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.crm.CrmRequests;
import com.salesrender.plugin.chat.crm.StatusRecords;
import com.salesrender.plugin.chat.crm.StatusReports;
import com.salesrender.plugin.chat.platform.Places;
import com.salesrender.plugin.chat.platform.Traces;
import com.salesrender.plugin.chat.task.Claim;
import com.salesrender.plugin.chat.task.TaskHistory;
import com.salesrender.plugin.chat.task.TaskQueue;
import com.salesrender.plugin.chat.task.TaskState;
import com.salesrender.plugin.chat.task.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Outgoing messages accepted from the CRM. */
@ApplicationScoped
@Transactional
public class ChatSends {

    @PersistenceContext
    EntityManager em;

    @Inject
    TaskQueue queue;

    @Inject
    ChatSendKind kind;

    @Inject
    TaskStore store;

    @Inject
    StatusRecords statuses;

    @Inject
    ChatSendMetrics metrics;

    @Inject
    Traces traces;

    @Inject
    StraightSends straight;

    /**
     * Stores the message as a send task and queues it once the transaction commits (on rollback, neither). A message id
     * already accepted for this reference is not stored again (answers false): if it was given up (FAILED), it is
     * queued again with a fresh set of attempts, as the message the CRM sent now, at the end of its chat's order; sent
     * or still pending, nothing happens (it is never sent twice). A new message may be stored claimed instead, its
     * first attempt starting once this commits ({@link StraightSends}).
     */
    public boolean accept(PluginReference reference, Chat chat) {
        // Only the state is read: loading the whole task (its chat among it) for every new message cost more.
        Optional<TaskState> known = stateOf(reference, chat.message().id());
        if (known.isPresent()) {
            if (known.get() == TaskState.FAILED) {
                find(reference, chat.message().id()).ifPresent(failed -> requeue(failed, chat));
            }
            return false;
        }
        long now = System.currentTimeMillis();
        ChatSendTask task = new ChatSendTask(reference, chat, kind.retryPolicy().attemptLimit(), now);
        task.traceContext(traces.current());
        Optional<Places.Place> pass = straight.take(reference);
        try {
            if (pass.isPresent() && kind.mayGoStraight(task)) {
                Claim<ChatSendTask> claim = store.storeClaimed(kind, task);
                em.flush(); // a concurrent duplicate fails here, on the unique (reference, message id) key
                // The claim's copy lacks the chat's sequence number (the database gives it on insert): its end wakes
                // the chat's first queued message, which came after it, since none was live when it was stored.
                straight.startAfterCommit(claim, pass.get()); // the place is the attempt's from here on
                pass = Optional.empty();
            } else {
                em.persist(task);
                em.flush();
                queue.enqueue(kind, task);
            }
        } finally {
            pass.ifPresent(Places.Place::close);
        }
        metrics.accepted();
        return true;
    }

    /**
     * Records that the {@code ChatSender} took the message: its task DONE and the statuses the sender reported during
     * the call, in one transaction; with {@code straight}, the last of them claimed for the caller to send to the CRM
     * once this commits (see {@code DirectRoute}). {@code finished} is false when the claim was lost (its lease ran out
     * and another worker may send the message too); the statuses are stored all the same, since the message was sent.
     */
    public Sent sent(ChatSendTask task, String claimId, List<StatusReports.Reported> reported, boolean straight) {
        boolean finished = store.done(kind, task, claimId);
        return new Sent(finished, statuses.storeReported(task.reference(), task.messageId(), reported, straight));
    }

    /** What {@link #sent} stored: whether the claim still held, and the status request to send now, if any. */
    public record Sent(boolean finished, Optional<CrmRequests.Ready> straight) {}

    private void requeue(ChatSendTask failed, Chat chat) {
        if (!store.replay(kind, failed.id(), TaskHistory.REQUEUED, "The CRM sent the message again")) {
            return; // another request re-queued it just now
        }
        failed.chat(chat);
        failed.traceContext(traces.current()); // accepted anew: its attempts join this request's trace
        // Stored again: its place in the chat's order is taken now, as for a new message.
        em.createNativeQuery("UPDATE chat_send_task SET accepted_seq = nextval('chat_send_order') WHERE id = ?1")
                .setParameter(1, failed.id())
                .executeUpdate();
        statuses.forget(failed.reference(), failed.messageId());
    }

    /**
     * Queues a FAILED message again with a fresh set of attempts. Its reported statuses are forgotten, so the new
     * attempts report from the start (a replayed message may go from error back to sent). False when the task is not
     * there or not FAILED.
     */
    public boolean replay(String taskId, String who) {
        ChatSendTask task = em.find(ChatSendTask.class, taskId);
        if (task == null || !store.replay(kind, taskId, who)) {
            return false;
        }
        statuses.forget(task.reference(), task.messageId());
        return true;
    }

    private Optional<TaskState> stateOf(PluginReference reference, String messageId) {
        return ofMessage("t.state", TaskState.class, reference, messageId)
                .getResultStream()
                .findFirst();
    }

    public Optional<ChatSendTask> find(PluginReference reference, String messageId) {
        return ofMessage("t", ChatSendTask.class, reference, messageId)
                .getResultStream()
                .findFirst();
    }

    /** {@code select} (of the task {@code t}) for the task of one message id of one reference. */
    private <R> TypedQuery<R> ofMessage(String select, Class<R> type, PluginReference reference, String messageId) {
        return StoredReference.bind(
                        em.createQuery(
                                "SELECT " + select + " FROM ChatSendTask t WHERE " + StoredReference.of("t")
                                        + " AND t.messageId = :message",
                                type),
                        reference)
                .setParameter("message", messageId);
    }
}
