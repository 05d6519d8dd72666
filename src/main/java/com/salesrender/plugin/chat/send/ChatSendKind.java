package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.crm.StatusRecords;
import com.salesrender.plugin.chat.task.Admission;
import com.salesrender.plugin.chat.task.RetryPolicy;
import com.salesrender.plugin.chat.task.TaskHistory;
import com.salesrender.plugin.chat.task.TaskKind;
import com.salesrender.plugin.chat.task.TaskQueue;
import com.salesrender.plugin.chat.task.TaskState;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** Send tasks as the task engine sees them: their queue, how hard and how often a message is tried. */
@ApplicationScoped
public class ChatSendKind implements TaskKind<ChatSendTask> {

    public static final String QUEUE = "jms/chatPlugin/sendQueue";

    @Inject
    @ConfigProperties
    SendOptions options;

    @Inject
    StatusRecords statuses;

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
        retryPolicy = new RetryPolicy(
                options.attempts,
                interval,
                options.backoff,
                options.maxInterval.compareTo(interval) < 0 ? interval : options.maxInterval,
                options.jitter);
    }

    @Override
    public Class<ChatSendTask> type() {
        return ChatSendTask.class;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public String queueLabel() {
        return "chat_send";
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    @Override
    public boolean aboutMessages() {
        return true;
    }

    /** Accepted from the CRM, for its contact. */
    @Override
    public FirstEvent firstEvent(ChatSendTask task) {
        return new FirstEvent(TaskHistory.ACCEPTED, "To " + task.contact());
    }

    @Override
    public RetryPolicy retryPolicy(ChatSendTask task) {
        return retryPolicy;
    }

    /**
     * A chat's messages go out in the order they were stored: one is held while an earlier one of its chat is live,
     * unless that one has been failing for longer than {@code plugin.send.order-hold} (then this one goes ahead of it).
     * Then the reference's caps on the gateway, if any. One query on the live messages of the chat.
     */
    @Override
    public Admission admit(ChatSendTask task) {
        // An earlier message of the chat that is running may be ending right now, its end not yet committed: its end
        // looks for the next queued message of the chat, and may have looked before this one was stored. Waiting here
        // for its lock, then reading, makes one of the two see the other: this one sees it ended, or its end (after
        // this transaction) sees this one queued and wakes it. Only running ones can end meanwhile, and in a chat only
        // its head runs, so this locks one row at most as a rule.
        // (In the chat's order, as every claim locks them: two claims never wait for each other's rows.)
        // In SQL: only the lock is wanted, and a JPQL query given a lock mode is prepared anew on every execution.
        em.createNativeQuery("SELECT id FROM chat_send_task WHERE live_chat_key = ?1 AND accepted_seq < ?2"
                        + " AND state = ?3 ORDER BY accepted_seq FOR UPDATE")
                .setParameter(1, task.chatKey())
                .setParameter(2, task.acceptedSeq())
                .setParameter(3, TaskState.RUNNING.name())
                .getResultList();
        long now = System.currentTimeMillis();
        Object[] earlier = em.createQuery(
                        "SELECT COUNT(o), COUNT(o.firstFailedAt), MAX(o.firstFailedAt)"
                                + " FROM ChatSendTask o WHERE o.liveChatKey = :chat AND o.acceptedSeq < :seq"
                                + " AND o.state IN (:queued, :running) AND (o.firstFailedAt IS NULL OR o.firstFailedAt > :holdSince)",
                        Object[].class)
                .setParameter("chat", task.chatKey())
                .setParameter("seq", task.acceptedSeq())
                .setParameter("queued", TaskState.QUEUED)
                .setParameter("running", TaskState.RUNNING)
                .setParameter("holdSince", now - options.orderHold.toMillis())
                .getSingleResult();
        long holding = ((Number) earlier[0]).longValue();
        if (holding == 0) {
            return limits.admit(task.reference());
        }
        if (((Number) earlier[1]).longValue() < holding) {
            return Admission.HOLD; // an earlier message has not failed yet: its end or its first failure wakes this one
        }
        long holdEnds = ((Number) earlier[2]).longValue() + options.orderHold.toMillis();
        return Admission.after(Duration.ofMillis(Math.max(1, holdEnds - now)));
    }

    /**
     * Whether a new message, not stored yet, may be stored claimed and go straight to the sender
     * ({@link StraightSends}): no live message in its chat (one stored and committed before it, which the chat's order
     * puts first; one being stored at the same moment was sent at the same moment, and either may go first), and its
     * reference under its caps on the gateway, counted as at a claim (the gate's lock held until the accept commits;
     * the message, stored running, counts from then on). A message that may not is queued, and its claim admits it as
     * ever.
     */
    boolean mayGoStraight(ChatSendTask task) {
        boolean chatFree = em.createNativeQuery("SELECT id FROM chat_send_task WHERE live_chat_key = ?1 LIMIT 1")
                .setParameter(1, task.chatKey())
                .getResultList()
                .isEmpty();
        // Asked first: with no caps, no call to the limits' bean on every accept.
        return chatFree && (!options.capped() || limits.admit(task.reference()).go());
    }

    /**
     * Held as {@link #admit} holds them: an earlier message of the chat is live and has not failed yet. Under a burst
     * into few chats nearly every queued message is such a one (100 a chat in the benchmark's), and the sweep every
     * minute queued thousands of them again.
     */
    @Override
    public Set<String> heldForOthers(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(em.createQuery(
                        "SELECT t.id FROM ChatSendTask t WHERE t.id IN :ids AND EXISTS (SELECT o.id FROM ChatSendTask o"
                                + " WHERE o.liveChatKey = t.liveChatKey AND o.acceptedSeq < t.acceptedSeq"
                                + " AND o.state IN (:queued, :running) AND o.firstFailedAt IS NULL)",
                        String.class)
                .setParameter("ids", ids)
                .setParameter("queued", TaskState.QUEUED)
                .setParameter("running", TaskState.RUNNING)
                .getResultList());
    }

    /** An ended message leaves its chat's live index ({@link ChatSendTask#stateChanged}). */
    @Override
    public String clearedWhenEnded() {
        return ", t.liveChatKey = NULL";
    }

    /** The next message of the chat may go now. */
    @Override
    public void ended(ChatSendTask task) {
        nextOfChat(task).ifPresent(next -> queue.enqueue(this, next, task.reference(), Duration.ZERO));
    }

    /**
     * After its first failure a message holds its chat's next message for the order hold at most: wake that one then.
     */
    @Override
    public void retrying(ChatSendTask task) {
        if (task.firstFailureJustRecorded()) {
            nextOfChat(task).ifPresent(next -> queue.enqueue(this, next, task.reference(), options.orderHold));
        }
    }

    /**
     * In SQL, with its {@code LIMIT} in the text: a JPQL query given a maximum of results is prepared anew on every
     * execution, and this one runs at the end of every message.
     */
    private Optional<String> nextOfChat(ChatSendTask task) {
        return em.createNativeQuery("SELECT id FROM chat_send_task WHERE live_chat_key = ?1 AND state = ?2"
                        + " AND accepted_seq > ?3 ORDER BY accepted_seq LIMIT 1")
                .setParameter(1, task.chatKey())
                .setParameter(2, TaskState.QUEUED.name())
                .setParameter(3, task.acceptedSeq())
                .getResultStream()
                .map(String.class::cast)
                .findFirst();
    }

    /** A message given up is reported to the CRM as {@code error}, in the same transaction. */
    @Override
    public void givenUp(ChatSendTask task) {
        statuses.reportIfRegistered(task.reference(), task.messageId(), MessageStatus.ERROR);
        metrics.givenUp();
    }
}
