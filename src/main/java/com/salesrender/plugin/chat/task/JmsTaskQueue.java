package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.platform.AfterCommit;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Task ids as persistent JMS messages on OpenMQ. Inside a transaction a message goes out only after the
 * database commit, so the row is always there when the message arrives, and a rolled-back task sends
 * nothing. The broker is deliberately not a second resource of that transaction: with XA a crash between
 * prepare and commit leaves an in-doubt database transaction holding its rows' locks (a message id could
 * not be accepted again until someone resolved it). A message lost between commit and send (a crash, the
 * broker down) loses no work: the row is in the database and the sweeper queues it again.
 */
@ApplicationScoped
public class JmsTaskQueue implements TaskQueue {

    private static final Logger LOG = Logger.getLogger(JmsTaskQueue.class.getName());

    public static final String CONNECTION_FACTORY = "jms/chatPlugin/connectionFactory";

    @Resource(lookup = CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** Each kind's queue, looked up by its JNDI name once. */
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();

    @Override
    public void enqueue(TaskKind<?> kind, String taskId, Duration delay) {
        String queue = kind.queue();
        AfterCommit.run(transactions, () -> send(queue, taskId, delay));
    }

    private void send(String queue, String taskId, Duration delay) {
        try (JMSContext context = connectionFactory.createContext()) {
            JMSProducer producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
            if (!delay.isZero() && !delay.isNegative()) {
                producer.setDeliveryDelay(delay.toMillis());
            }
            producer.send(queues.computeIfAbsent(queue, JmsTaskQueue::lookup), taskId);
        } catch (RuntimeException e) {
            // Committed work stays in the database; the sweeper queues it again after plugin.queue.stale-after.
            LOG.log(Level.WARNING, "Could not queue task " + taskId + "; the retry sweeper will", e);
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
