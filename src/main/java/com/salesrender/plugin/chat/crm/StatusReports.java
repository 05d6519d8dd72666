package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.NotRegistered;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.message.MessageId;
import com.salesrender.plugin.chat.platform.InsertIfAbsent;
import com.salesrender.plugin.chat.platform.Places;
import com.salesrender.plugin.chat.platform.Traces;
import com.salesrender.plugin.chat.registration.Registrations;
import jakarta.annotation.Resource;
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
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

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

    @Inject
    Traces traces;

    @Inject
    DirectRoute route;

    @Inject
    CrmRequestWorker worker;

    /** The entity manager's own data source: in a transaction, its statements run on the same connection. */
    @Resource(lookup = "jdbc/chatPlugin")
    DataSource dataSource;

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
        SenderCall call = SENDING.get();
        if (call != null && call.isFor(reference, messageId)) {
            return call.defer(status, traces.current(), () -> furthest(reference, messageId));
        }
        // Outside a send, the request goes to the CRM from here when the route has a place for it (see DirectRoute):
        // no queue message and no claim of its own. Queued as usual otherwise.
        Places.Place pass = route.take(reference).orElse(null);
        boolean handedOn = false;
        try {
            Advanced advanced = self.advance(reference, messageId, status, pass != null);
            if (advanced.straight().isPresent()) {
                worker.sendStraightSoon(advanced.straight().get(), pass);
                handedOn = true;
            }
            return advanced.moved();
        } finally {
            if (pass != null && !handedOn) {
                pass.close();
            }
        }
    }

    /** What a report stored: whether the status moved, and its request to send now (stored claimed), if any. */
    public record Advanced(boolean moved, Optional<CrmRequests.Ready> straight) {

        static final Advanced NOT_MOVED = new Advanced(false, Optional.empty());
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

    /** The status stored for the message, if any; read without a lock, as a first answer to a deferred report. */
    private MessageStatus furthest(PluginReference reference, String messageId) {
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

    /** Within the caller's transaction: reports the status unless the reference has no registration. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public boolean reportIfRegistered(PluginReference reference, String messageId, MessageStatus status) {
        return registrations.isRegistered(reference) && advance(reference, messageId, status, traces.current());
    }

    /**
     * Within the caller's transaction: stores what a sender call reported, unless the reference has no registration.
     * With {@code straight}, the request of the call's last status is claimed for the caller to send once the
     * transaction commits, when it may go now ({@link CrmRequests#storeToSend}); the statuses before it in the call are
     * superseded by it and queued as usual (then dropped unsent, as any superseded status).
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public Optional<CrmRequests.Ready> storeReported(
            PluginReference reference, String messageId, List<Reported> reported, boolean straight) {
        if (reported.isEmpty() || !registrations.isRegistered(reference)) {
            return Optional.empty();
        }
        Optional<CrmRequests.Ready> ready = Optional.empty();
        for (int i = 0; i < reported.size(); i++) {
            Reported status = reported.get(i);
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

    /**
     * In a transaction of its own: moves the message's record to this status if it follows, and stores its request to
     * the CRM: with {@code straight}, claimed for the caller to send once this commits, when it may go now
     * ({@link CrmRequests#storeToSend}); queued otherwise.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Advanced advance(PluginReference reference, String messageId, MessageStatus status, boolean straight) {
        CrmRequest request = advanced(reference, messageId, status, traces.current());
        if (request == null) {
            return Advanced.NOT_MOVED;
        }
        if (straight) {
            return new Advanced(true, requests.storeToSend(request));
        }
        requests.queue(request);
        return new Advanced(true, Optional.empty());
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
    private CrmRequest advanced(
            PluginReference reference, String messageId, MessageStatus status, String traceContext) {
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
     */
    private boolean storedFirst(String id, MessageStatus status, long now) {
        try (Connection connection = dataSource.getConnection()) {
            return InsertIfAbsent.insert(
                    connection, "message_status", "id", "id, status, updated_at", id, status.name(), now);
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
