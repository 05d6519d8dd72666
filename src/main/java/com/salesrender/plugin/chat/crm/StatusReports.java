package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.NotRegistered;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.message.MessageId;
import com.salesrender.plugin.chat.platform.Traces;
import com.salesrender.plugin.chat.registration.Registrations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The statuses of outgoing messages, each kept at the furthest one reported and queued for the CRM: the
 * {@link MessageStatuses} plugin authors inject, and what the core itself reports. A report made inside a transaction
 * (a plugin job's, a plugin's own) is stored in it and commits or rolls back with it; one made outside any has a
 * transaction of its own here. The records are written by {@link StatusRecords}, also within a send's outcome.
 *
 * <p>A plain bean, not an enterprise one: its refusals ({@link NotRegistered}, {@link IllegalArgumentException}) reach
 * the plugin as the API promises, not wrapped in an {@code EJBException}, and a report is no container call.
 */
@ApplicationScoped
public class StatusReports implements MessageStatuses {

    @PersistenceContext
    EntityManager em;

    @Inject
    Registrations registrations;

    @Inject
    CrmRequests requests;

    @Inject
    StatusRecords records;

    @Inject
    StatusReports self; // its proxy: advance() and furthest() run in transactions

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    Traces traces;

    @Inject
    CrmRequestWorker worker;

    @Override
    public boolean report(PluginReference reference, String messageId, MessageStatus status) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(status, "status");
        if (!MessageId.valid(messageId)) {
            throw new IllegalArgumentException("A status needs the message id the CRM gave the message");
        }
        if (!registrations.isRegistered(reference)) {
            throw new NotRegistered(reference);
        }
        SenderCall call = SENDING.get();
        if (call != null && call.isFor(reference, messageId)) {
            return call.defer(status, traces.current(), () -> self.furthest(reference, messageId));
        }
        if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
            // The caller's transaction: the status is stored and queued with whatever else it stores, or not at all.
            return stored(reference, messageId, status, false).stored();
        }
        // Outside any, the request goes to the CRM from here when the route has a place for it (see DirectRoute): no
        // queue message and no claim of its own. Queued as usual otherwise.
        return worker.storeThenSend(reference, straight -> self.advance(reference, messageId, status, straight))
                .stored();
    }

    /**
     * The message whose {@code ChatSender} call runs on this thread: until {@link SenderCall#close()}, the statuses
     * reported for it are kept, to be stored with the call's outcome (one transaction less per status; see
     * {@link SenderCall}). Static: the call is this thread's, and no container call is needed to open it.
     */
    public static SenderCall senderCall(PluginReference reference, String messageId) {
        SenderCall call = new SenderCall(reference, messageId);
        SENDING.set(call);
        return call;
    }

    /**
     * The status stored for the message, if any; read without a lock, as a first answer to a deferred report. In a
     * transaction, though only a read: outside one, the container's entity manager is one of its own, tied to the
     * thread's context, and the threads a sender runs on keep the context they were made in (a request's, shared with
     * the lease renewals scheduled in it), where another thread closed it: the reports that followed threw.
     */
    @Transactional
    public MessageStatus furthest(PluginReference reference, String messageId) {
        MessageStatusRecord record = em.find(MessageStatusRecord.class, MessageStatusRecord.idOf(reference, messageId));
        return record == null ? null : record.status();
    }

    private static final ThreadLocal<SenderCall> SENDING = new ThreadLocal<>();

    /** A status reported during a sender call, with the trace it was reported in (its request joins that trace). */
    public record Reported(MessageStatus status, String traceContext) {}

    /**
     * The statuses a {@code ChatSender} reports for the message it is sending, during the call. They are stored in the
     * transaction that records the call's outcome, not each in one of its own: a status is durable when the outcome is,
     * and if the plugin dies before that, the message is sent again and its statuses reported again. A report's answer
     * is given at once, from the stored status and those reported before it in the call; the outcome's transaction
     * checks again under the record's lock.
     */
    public static final class SenderCall implements AutoCloseable {

        private final PluginReference reference;
        private final String messageId;
        private final List<Reported> reported = new ArrayList<>();
        private boolean storedRead;
        private MessageStatus stored;

        private SenderCall(PluginReference reference, String messageId) {
            this.reference = reference;
            this.messageId = messageId;
        }

        boolean isFor(PluginReference reference, String messageId) {
            return this.reference.equals(reference) && this.messageId.equals(messageId);
        }

        boolean defer(MessageStatus status, String traceContext, Supplier<MessageStatus> storedStatus) {
            MessageStatus furthest;
            if (!reported.isEmpty()) {
                furthest = reported.get(reported.size() - 1).status();
            } else {
                if (!storedRead) {
                    stored = storedStatus.get();
                    storedRead = true;
                }
                furthest = stored;
            }
            if (!status.follows(furthest)) {
                return false;
            }
            reported.add(new Reported(status, traceContext));
            return true;
        }

        /** What was reported during the call, in order. */
        public List<Reported> reported() {
            return List.copyOf(reported);
        }

        @Override
        public void close() {
            SENDING.remove();
        }
    }

    /** In a transaction of its own: {@link #stored}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public CrmRequests.Stored advance(
            PluginReference reference, String messageId, MessageStatus status, boolean straight) {
        return stored(reference, messageId, status, straight);
    }

    /**
     * Moves the message's record to this status if it follows, and stores its request to the CRM: with
     * {@code straight}, claimed for the caller to send once the transaction commits, when it may go now; queued
     * otherwise ({@link CrmRequests#queueOrClaim}).
     */
    private CrmRequests.Stored stored(
            PluginReference reference, String messageId, MessageStatus status, boolean straight) {
        CrmRequest request = records.advanced(reference, messageId, status, traces.current());
        return request == null ? CrmRequests.Stored.NOTHING : requests.queueOrClaim(request, straight);
    }

    /**
     * Deletes one batch of status records last moved before {@code before} (epoch ms), by the updated_at index; answers
     * how many. Called with the cut-off of the longest retention, so a record outlives every task of its message: a
     * late status of a message still kept is still refused when it goes backwards.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeUnchangedSince(long before, int batch) {
        List<String> ids = em.createQuery(
                        "SELECT r.id FROM MessageStatusRecord r WHERE r.updatedAt < :before ORDER BY r.updatedAt",
                        String.class)
                .setParameter("before", before)
                .setMaxResults(batch)
                .getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        // The time is checked again: a status reported meanwhile keeps its record.
        return em.createQuery("DELETE FROM MessageStatusRecord r WHERE r.id IN :ids AND r.updatedAt < :before")
                .setParameter("ids", ids)
                .setParameter("before", before)
                .executeUpdate();
    }
}
