package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.AfterCommit;
import com.salesrender.plugin.chat.platform.RepeatedFailure;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Task ids as JMS messages on OpenMQ. Inside a transaction a message goes out only after the database commit, so the
 * row is always there when the message arrives, and a rolled-back task sends nothing. The broker is deliberately not a
 * second resource of that transaction: with XA a crash between prepare and commit leaves an in-doubt database
 * transaction holding its rows' locks (a message id could not be accepted again until someone resolved it). A message
 * lost between commit and delivery (a crash, the broker down) loses no work: the row is in the database and the sweeper
 * queues it again.
 *
 * <p>Because the database is the truth, messages are non-persistent by default ({@code plugin.queue.persistent}): the
 * broker keeps them in memory, without the write to its own store that every message otherwise costs, and after a
 * broker crash the sweeper brings back what it lost. Connections, sessions and producers are kept and reused: opening
 * them per message (and a producer's registration with the broker) cost more than the send.
 */
@ApplicationScoped
public class JmsTaskQueue implements TaskQueue {

    private static final Logger LOG = Logger.getLogger(JmsTaskQueue.class.getName());

    public static final String CONNECTION_FACTORY = "jms/chatPlugin/connectionFactory";

    /**
     * A browse reads at most this many messages of a queue; beyond them, the sweeper counts the rest as not waiting (at
     * worst, their tasks get a second message, which finds them claimed or done).
     */
    private static final int MOST_BROWSED = 200_000;

    /** Senders kept for reuse; more may be open at a peak, and those are closed after their send. */
    private static final int KEPT_SENDERS = 8;

    /** The message property counting how often a task's message was handed back ({@link #handBack}); absent: never. */
    static final String HANDED_BACK = "handedBack";

    @Resource(lookup = CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    @ConfigProperty(name = "plugin.queue.persistent")
    boolean persistent;

    /** Each kind's queue, looked up by its JNDI name once. */
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();

    private final FairShare fairShare = new FairShare();

    private final BlockingQueue<Sender> idle = new ArrayBlockingQueue<>(KEPT_SENDERS);

    /** While the broker is away every accepted task fails to queue: one line when it starts, not one per task. */
    private final RepeatedFailure queueing = new RepeatedFailure(LOG, "Queueing to the broker");

    /**
     * One connection and session with a producer per queue, used by one thread at a time (a session is not
     * thread-safe). A producer made for its queue: one with no destination registers itself with the broker again on
     * every send.
     */
    private final class Sender {

        private final Connection connection;
        private final Session session;
        private final Map<String, MessageProducer> producers = new HashMap<>();

        Sender() throws JMSException {
            connection = connectionFactory.createConnection();
            try {
                session = connection.createSession();
            } catch (JMSException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }

        void send(String queue, String taskId, int priority, Duration delay, int handedBack) throws JMSException {
            MessageProducer producer = producers.get(queue);
            if (producer == null) {
                producer = session.createProducer(queues.computeIfAbsent(queue, JmsTaskQueue::lookup));
                producer.setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
                producers.put(queue, producer);
            }
            // The delay stays set on the producer: every send sets its own.
            producer.setDeliveryDelay(delay.isNegative() ? 0 : delay.toMillis());
            TextMessage message = session.createTextMessage(taskId);
            if (handedBack > 0) {
                message.setIntProperty(HANDED_BACK, handedBack);
            }
            producer.send(message, producer.getDeliveryMode(), priority, 0);
        }

        void close() {
            try {
                connection.close();
            } catch (JMSException | RuntimeException e) {
                LOG.log(Level.FINE, "Closing a JMS connection failed", e);
            }
        }
    }

    @Override
    public <T extends Task> void enqueue(TaskKind<T> kind, T task, Duration delay) {
        String key = key(kind, task.reference());
        boolean followUp = kind.isFollowUp(task);
        // Counted once committed: a task rolled back adds no load.
        send(kind, task.id(), () -> fairShare.priority(key, followUp, System.currentTimeMillis()), delay, 0);
    }

    @Override
    public <T extends Task> void countHandedOn(TaskKind<T> kind, T task) {
        fairShare.priority(key(kind, task.reference()), kind.isFollowUp(task), System.currentTimeMillis());
    }

    @Override
    public void enqueue(TaskKind<?> kind, String taskId, PluginReference reference, Duration delay) {
        String key = key(kind, reference);
        send(kind, taskId, () -> fairShare.priority(key, false, System.currentTimeMillis()), delay, 0);
    }

    @Override
    public void handBack(TaskKind<?> kind, String taskId, int priority, Duration delay, int handedBack) {
        send(kind, taskId, () -> priority, delay, handedBack);
    }

    private void send(TaskKind<?> kind, String taskId, IntSupplier priority, Duration delay, int handedBack) {
        String queue = kind.queue();
        AfterCommit.run(transactions, () -> send(queue, taskId, priority.getAsInt(), delay, handedBack));
    }

    /** A reference's load is counted per queue: its sends do not lower the priority of its statuses. */
    private static String key(TaskKind<?> kind, PluginReference reference) {
        return StoredReference.key(reference, kind.queue());
    }

    private void send(String queue, String taskId, int priority, Duration delay, int handedBack) {
        Sender sender = idle.poll();
        try {
            if (sender == null) {
                sender = new Sender();
            }
            sender.send(queue, taskId, priority, delay, handedBack);
        } catch (JMSException | RuntimeException e) {
            // Committed work stays in the database; the sweeper queues it again after plugin.queue.stale-after.
            queueing.failed(() -> "Could not queue task " + taskId + "; the retry sweeper will", e);
            if (sender != null) {
                sender.close(); // it may be broken (the broker went away): a fresh one next time
            }
            return;
        }
        queueing.succeeded();
        if (!idle.offer(sender)) {
            sender.close();
        }
    }

    /**
     * Browses the queue on a connection of its own (once a minute per kind, from the sweeper): a browser needs a
     * started connection, which the senders' connections never are.
     */
    @Override
    public Optional<Set<String>> waiting(TaskKind<?> kind) {
        Set<String> ids = new HashSet<>();
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession();
            connection.start();
            try (QueueBrowser browser =
                    session.createBrowser(queues.computeIfAbsent(kind.queue(), JmsTaskQueue::lookup))) {
                Enumeration<?> messages = browser.getEnumeration();
                while (messages.hasMoreElements() && ids.size() < MOST_BROWSED) {
                    if (messages.nextElement() instanceof TextMessage message) {
                        ids.add(message.getText());
                    }
                }
            }
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.FINE, "Browsing " + kind.queue() + " failed; the sweep takes nothing as waiting", e);
            return Optional.empty();
        }
        return Optional.of(ids);
    }

    @PreDestroy
    void closeAll() {
        Sender sender;
        while ((sender = idle.poll()) != null) {
            sender.close();
        }
    }

    private static Queue lookup(String name) {
        try {
            return InitialContext.doLookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException("No queue " + name, e);
        }
    }
}
