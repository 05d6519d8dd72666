package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.InsertIfAbsent;
import com.salesrender.plugin.chat.platform.Traces;
import com.salesrender.plugin.chat.platform.TransactionConnection;
import com.salesrender.plugin.chat.registration.Registrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Each message's furthest status and the requests that tell the CRM, written in the caller's transaction: the outcome
 * of a send (with the statuses its sender reported), a message given up, a replay, or a report of
 * {@link StatusReports}. A plain bean: on a message's path these run once or more inside a transaction already open,
 * and need no container call of their own.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class StatusRecords {

    @PersistenceContext
    EntityManager em;

    @Inject
    Registrations registrations;

    @Inject
    CrmRequests requests;

    @Inject
    Traces traces;

    /** Reports the status unless the reference has no registration. */
    public boolean reportIfRegistered(PluginReference reference, String messageId, MessageStatus status) {
        return registrations.isRegistered(reference) && advance(reference, messageId, status, traces.current());
    }

    /**
     * Stores what a sender call reported, unless the reference has no registration. With {@code straight}, the request
     * of the call's last status is claimed for the caller to send once the transaction commits, when it may go now
     * ({@link CrmRequests#storeToSend}); the statuses before it in the call are superseded by it and queued as usual
     * (then dropped unsent, as any superseded status).
     */
    public Optional<CrmRequests.Ready> storeReported(
            PluginReference reference, String messageId, List<StatusReports.Reported> reported, boolean straight) {
        if (reported.isEmpty() || !registrations.isRegistered(reference)) {
            return Optional.empty();
        }
        Optional<CrmRequests.Ready> ready = Optional.empty();
        for (int i = 0; i < reported.size(); i++) {
            StatusReports.Reported status = reported.get(i);
            CrmRequest request = advanced(reference, messageId, status.status(), status.traceContext());
            if (request == null) {
                continue;
            }
            if (straight && i == reported.size() - 1) {
                ready = requests.storeToSend(request);
            } else {
                requests.queue(request);
            }
        }
        return ready;
    }

    private boolean advance(PluginReference reference, String messageId, MessageStatus status, String traceContext) {
        CrmRequest request = advanced(reference, messageId, status, traceContext);
        if (request == null) {
            return false;
        }
        requests.queue(request);
        return true;
    }

    /**
     * Moves the message's record to this status if it follows the one stored: answers the request that tells the CRM,
     * to be stored, or null when the status does not follow.
     */
    CrmRequest advanced(PluginReference reference, String messageId, MessageStatus status, String traceContext) {
        String id = MessageStatusRecord.idOf(reference, messageId);
        long now = System.currentTimeMillis();
        MessageStatusRecord record = em.find(MessageStatusRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (record == null && !storedFirst(id, status, now)) {
            // Another transaction stored the message's first status meanwhile (a webhook's report while the send's
            // outcome was written, say): this one is checked against it.
            record = em.find(MessageStatusRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (record == null) {
                throw new IllegalStateException("The status of " + messageId + " was stored and is gone");
            }
        }
        if (record != null) {
            if (!status.follows(record.status())) {
                return null;
            }
            record.moveTo(status, now);
        }
        CrmRequest request = CrmRequest.status(reference, messageId, status, now);
        request.traceContext(traceContext);
        return request;
    }

    /**
     * Stores the message's first status, unless another transaction stores one at the same moment: then false, once it
     * committed. Not a plain insert: the one that lost would fail its whole transaction, on PostgreSQL after waiting
     * for the other (and with it a group of outcomes written together; see {@code GroupCommit}).
     *
     * <p>On the entity manager's own connection, so the row is the transaction's: unseen by others and locked until it
     * commits, gone if it rolls back. A connection taken from the data source was not the transaction's inside a plain
     * bean's {@code @Transactional} one (a send's outcome): the insert committed at once, so a later status reported
     * meanwhile found the record, moved it on and went to the CRM while the outcome still stored the first one's
     * request, which then went out after it (the benchmark's "backwards" status); and a rolled-back outcome left the
     * record behind, so its rerun found the status stored already and never told the CRM.
     */
    private boolean storedFirst(String id, MessageStatus status, long now) {
        try {
            return InsertIfAbsent.insert(
                    TransactionConnection.of(em),
                    "message_status",
                    "id",
                    "id, status, updated_at",
                    id,
                    status.name(),
                    now);
        } catch (SQLException e) {
            throw new IllegalStateException("The first status of a message was not stored", e);
        }
    }

    /** A replayed message starts its statuses afresh: its new outcome may be reported. */
    public void forget(PluginReference reference, String messageId) {
        MessageStatusRecord record = em.find(MessageStatusRecord.class, MessageStatusRecord.idOf(reference, messageId));
        if (record != null) {
            em.remove(record);
        }
    }
}
