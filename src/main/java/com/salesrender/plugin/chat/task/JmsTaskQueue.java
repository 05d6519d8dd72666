package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.platform.AfterCommit;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Task ids as JMS messages on OpenMQ. Inside a transaction a message goes out only after the database commit,
 * so the row is always there when the message arrives, and a rolled-back task sends nothing. The broker is
 * deliberately not a second resource of that transaction: with XA a crash between prepare and commit leaves an
 * in-doubt database transaction holding its rows' locks (a message id could not be accepted again until someone
 * resolved it). A message lost between commit and delivery (a crash, the broker down) loses no work: the row is
 * in the database and the sweeper queues it again.
 *
 * <p>Because the database is the truth, messages are non-persistent by default ({@code plugin.queue.persistent}):
 * the broker keeps them in memory, without the write to its own store that every message otherwise costs, and
 * after a broker crash the sweeper brings back what it lost. Sending contexts are kept and reused: opening one
 * per message (a session and a producer on the broker each time) cost more than the send.
 */
@ApplicationScoped
public class JmsTaskQueue implements TaskQueue {

    private static final Logger LOG = Logger.getLogger(JmsTaskQueue.class.getName());

    public static final String CONNECTION_FACTORY = "jms/chatPlugin/connectionFactory";

    /** Contexts kept for reuse; more may be open at a peak, and those are closed after their send. */
    private static final int KEPT_CONTEXTS = 8;

    @Resource(lookup = CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    @ConfigProperty(name = "plugin.queue.persistent")
    boolean persistent;

    /** Each kind's queue, looked up by its JNDI name once. */
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();

    private final BlockingQueue<Sender> idle = new ArrayBlockingQueue<>(KEPT_CONTEXTS);

    /** One JMS context with its producer; used by one thread at a time (a JMSContext is not thread-safe). */
    private record Sender(JMSContext context, JMSProducer producer) {
    }

    @Override
    public void enqueue(TaskKind<?> kind, String taskId, Duration delay) {
        String queue = kind.queue();
        AfterCommit.run(transactions, () -> send(queue, taskId, delay));
    }

    private void send(String queue, String taskId, Duration delay) {
        Sender sender = idle.poll();
        try {
            if (sender == null) {
                JMSContext context = connectionFactory.createContext();
                sender = new Sender(context, context.createProducer()
                        .setDeliveryMode(persistent ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT));
            }
            // A producer's delivery delay stays set: every send sets its own.
            sender.producer().setDeliveryDelay(delay.isNegative() ? 0 : delay.toMillis());
            sender.producer().send(queues.computeIfAbsent(queue, JmsTaskQueue::lookup), taskId);
        } catch (RuntimeException e) {
            // Committed work stays in the database; the sweeper queues it again after plugin.queue.stale-after.
            LOG.log(Level.WARNING, "Could not queue task " + taskId + "; the retry sweeper will", e);
            close(sender); // it may be broken (the broker went away): a fresh one next time
            return;
        }
        if (!idle.offer(sender)) {
            close(sender);
        }
    }

    @PreDestroy
    void closeAll() {
        Sender sender;
        while ((sender = idle.poll()) != null) {
            close(sender);
        }
    }

    private static void close(Sender sender) {
        if (sender == null) {
            return;
        }
        try {
            sender.context().close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Closing a JMS context failed", e);
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
