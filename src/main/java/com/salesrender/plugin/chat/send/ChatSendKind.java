package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.crm.MessageStatus;
import com.salesrender.plugin.chat.crm.MessageStatuses;
import com.salesrender.plugin.chat.task.Admission;
import com.salesrender.plugin.chat.task.RetryPolicy;
import com.salesrender.plugin.chat.task.TaskKind;
import com.salesrender.plugin.chat.task.TaskQueue;
import com.salesrender.plugin.chat.task.TaskState;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** Send tasks as the task engine sees them: their queue, how hard and how often a message is tried. */
@ApplicationScoped
public class ChatSendKind implements TaskKind<ChatSendTask> {

    public static final String QUEUE = "jms/chatPlugin/sendQueue";

    @Inject
    @ConfigProperties
    SendOptions options;

    @Inject
    MessageStatuses statuses;

    @Inject
    SendLimits limits;

    @PersistenceContext
    EntityManager em;

    @Inject
    TaskQueue queue;

    @Inject
    ChatSendMetrics metrics;

    private RetryPolicy retryPolicy;

    @PostConstruct
    void init() {
        Duration interval = options.interval;
        retryPolicy = new RetryPolicy(options.attempts, interval, options.backoff,
                options.maxInterval.compareTo(interval) < 0 ? interval : options.maxInterval, options.jitter);
    }

    @Override
    public Class<ChatSendTask> type() {
        return ChatSendTask.class;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    @Override
    public RetryPolicy retryPolicy(ChatSendTask task) {
        return retryPolicy;
    }

    @Override
    public Duration lease() {
        return options.lease;
    }

    /**
     * A chat's messages go out in acceptance order: one is held while an earlier one of its chat is live (its
     * end queues the next). Then the reference's caps on the gateway, if any.
     */
    @Override
    public Admission admit(ChatSendTask task) {
        boolean earlierLive = !em.createQuery("SELECT o.id FROM ChatSendTask o WHERE o.liveChatKey = :chat"
                        + " AND o.acceptedSeq < :seq AND o.state IN (:queued, :running)", String.class)
                .setParameter("chat", task.chatKey())
                .setParameter("seq", task.acceptedSeq())
                .setParameter("queued", TaskState.QUEUED)
                .setParameter("running", TaskState.RUNNING)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
        return earlierLive ? Admission.HOLD : limits.admit(task.reference());
    }

    /** The next message of the chat may go now. */
    @Override
    public void ended(ChatSendTask task) {
        em.createQuery("SELECT t.id FROM ChatSendTask t WHERE t.liveChatKey = :chat AND t.state = :queued"
                        + " AND t.acceptedSeq > :seq ORDER BY t.acceptedSeq", String.class)
                .setParameter("chat", task.chatKey())
                .setParameter("queued", TaskState.QUEUED)
                .setParameter("seq", task.acceptedSeq())
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .ifPresent(next -> queue.enqueue(this, next));
    }

    /** A message given up is reported to the CRM as {@code error}, in the same transaction. */
    @Override
    public void givenUp(ChatSendTask task) {
        statuses.reportIfRegistered(task.reference(), task.messageId(), MessageStatus.ERROR);
        metrics.givenUp();
    }
}
