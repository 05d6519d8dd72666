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
import java.util.logging.Level;
import java.util.logging.Logger;

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
    public static final String SEND_QUEUE = "jms/chatPlugin/sendQueue";
    public static final String CRM_QUEUE = "jms/chatPlugin/crmQueue";

    /** The JMS property counting rechecks of a message whose task was not visible yet. */
    public static final String CHECKS = "checks";

    @Resource(lookup = CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Resource(lookup = SEND_QUEUE)
    Queue sendQueue;

    @Resource(lookup = CRM_QUEUE)
    Queue crmQueue;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Override
    public void enqueue(Lane lane, String taskId, Duration delay) {
        sendOnCommit(new Outgoing(lane, taskId, delay, 0));
    }

    @Override
    public void recheck(Lane lane, String taskId, int checks) {
        sendOnCommit(new Outgoing(lane, taskId, Duration.ofMillis(250), checks));
    }

    private record Outgoing(Lane lane, String taskId, Duration delay, int checks) {
    }

    private void sendOnCommit(Outgoing message) {
        AfterCommit.run(transactions, () -> send(message));
    }

    private void send(Outgoing message) {
        try (JMSContext context = connectionFactory.createContext()) {
            JMSProducer producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
            if (!message.delay().isZero() && !message.delay().isNegative()) {
                producer.setDeliveryDelay(message.delay().toMillis());
            }
            if (message.checks() > 0) {
                producer.setProperty(CHECKS, message.checks());
            }
            producer.send(message.lane() == Lane.CHAT_SEND ? sendQueue : crmQueue, message.taskId());
        } catch (RuntimeException e) {
            // Committed work stays in the database; the sweeper queues it again after plugin.queue.stale-after.
            LOG.log(Level.WARNING, "Could not queue task " + message.taskId() + "; the retry sweeper will", e);
        }
    }
}
