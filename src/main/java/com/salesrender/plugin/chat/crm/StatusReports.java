package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.NotRegistered;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.message.MessageId;
import com.salesrender.plugin.chat.registration.Registrations;
import jakarta.ejb.EJB;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Objects;

/**
 * The statuses of outgoing messages, each kept at the furthest one reported and queued for the CRM: the
 * {@link MessageStatuses} plugin authors inject, and what the core itself reports.
 */
@Stateless
@Local(MessageStatuses.class) // the plugin API's view; @LocalBean: the core's own, with the methods beyond it
@LocalBean
public class StatusReports implements MessageStatuses {

    @PersistenceContext
    EntityManager em;

    @Inject
    Registrations registrations;

    @Inject
    CrmRequests requests;

    @EJB
    StatusReports self;

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public boolean report(PluginReference reference, String messageId, MessageStatus status) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(status, "status");
        if (!MessageId.valid(messageId)) {
            throw new IllegalArgumentException("A status needs the message id the CRM gave the message");
        }
        if (!registrations.isRegistered(reference)) {
            throw new NotRegistered(reference);
        }
        try {
            return self.advance(reference, messageId, status);
        } catch (RuntimeException firstReportRace) {
            // Two first statuses of one message raced to create its record; the loser reads the winner's.
            return self.advance(reference, messageId, status);
        }
    }

    /** Within the caller's transaction: reports the status unless the reference has no registration. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public boolean reportIfRegistered(PluginReference reference, String messageId, MessageStatus status) {
        return registrations.isRegistered(reference) && advance(reference, messageId, status);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean advance(PluginReference reference, String messageId, MessageStatus status) {
        String id = MessageStatusRecord.idOf(reference, messageId);
        long now = System.currentTimeMillis();
        MessageStatusRecord record = em.find(MessageStatusRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (record == null) {
            em.persist(new MessageStatusRecord(id, status, now));
            em.flush();
        } else if (status.follows(record.status())) {
            record.moveTo(status, now);
        } else {
            return false;
        }
        requests.queue(CrmRequest.status(reference, messageId, status, now));
        return true;
    }

    /** A replayed message starts its statuses afresh: its new outcome may be reported. */
    public void forget(PluginReference reference, String messageId) {
        MessageStatusRecord record = em.find(MessageStatusRecord.class, MessageStatusRecord.idOf(reference, messageId));
        if (record != null) {
            em.remove(record);
        }
    }

    /**
     * Deletes one batch of status records last moved before {@code before} (epoch ms), by the updated_at index; answers
     * how many. Called with the cut-off of the longest retention, so a record outlives every task of its message: a
     * late status of a message still kept is still refused when it goes backwards.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
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
