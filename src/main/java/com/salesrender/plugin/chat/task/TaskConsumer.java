package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.platform.DatabaseUnavailable;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every task queue's message-driven bean does: read the task id and run one attempt. A failure is logged, never
 * thrown: the task stays in the database and the sweeper brings it back, where redelivering the message would only
 * spin. No transaction: the worker claims, calls and records in short transactions of its own, and none may span the
 * call. (The attribute must be here: it applies to the methods this class declares, {@code onMessage} among them.)
 */
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public abstract class TaskConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(TaskConsumer.class.getName());

    /**
     * Each queue's message-driven bean holds few messages ahead of its workers, not OpenMQ's default 1,000: what a
     * consumer holds is past the broker's priority order ({@link FairShare}), so a fresh task of a quiet reference
     * would wait behind up to a thousand of a busy one's. This is the consumer's own limit on a broker reached over TCP
     * ({@code REMOTE}; the activation property {@code options} sets connection factory properties for the bean's
     * consumer). The embedded broker delivers in-process and takes its limit from the broker property
     * {@code imq.autocreate.queue.consumerFlowLimit} instead (the boot commands set it): 16 messages delivered and not
     * yet done, one more than the 15 workers of a bean.
     */
    public static final String PREFETCH = "imqConsumerFlowLimit=4";

    /**
     * While this instance stops, a message is handed back to the queue this much later (another instance may take it).
     */
    private static final Duration HAND_BACK_DELAY = Duration.ofSeconds(1);

    /**
     * An attempt the database failed for a moment (a lock wait that timed out, a restart, a failover) is tried again
     * this much later, by handing its message back, rather than after the sweeper's minute
     * ({@code plugin.queue.stale-after}): under load on H2, lock waits that ran out made whole waves of tasks wait for
     * the sweep. At most {@value #RETRIES_WHILE_DATABASE_FAILS} times a message (so about 20 s); a longer outage is the
     * sweeper's, which queues every due task again once the database answers.
     */
    static final Duration RETRY_DELAY_WHILE_DATABASE_FAILS = Duration.ofSeconds(2);

    static final int RETRIES_WHILE_DATABASE_FAILS = 10;

    @Inject
    Attempts attempts;

    @Inject
    TaskQueue queue;

    /** The kind of task this consumer's queue carries. */
    protected abstract TaskKind<?> kind();

    /** One attempt at the task. */
    protected abstract void attempt(String taskId);

    @Override
    public void onMessage(Message message) {
        String taskId;
        int priority;
        int handedBack;
        try {
            taskId = message.getBody(String.class);
            priority = message.getJMSPriority();
            handedBack = message.propertyExists(JmsTaskQueue.HANDED_BACK)
                    ? message.getIntProperty(JmsTaskQueue.HANDED_BACK)
                    : 0;
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.WARNING, getClass().getSimpleName() + ": unreadable message dropped", e);
            return;
        }
        try {
            if (!attempts.run(() -> attempt(taskId))) {
                // Stopping: the task is not claimed; its message goes back (to another instance on a shared broker;
                // on the embedded one, this instance queues it again when it starts).
                queue.handBack(kind(), taskId, priority, HAND_BACK_DELAY, handedBack);
            }
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.causes(e) && handedBack < RETRIES_WHILE_DATABASE_FAILS) {
                // The claim decides what runs: a message handed back for a task that did get claimed finds it taken.
                LOG.log(
                        Level.FINE,
                        e,
                        () -> getClass().getSimpleName() + ": the database failed the attempt at task " + taskId
                                + "; tried again in " + RETRY_DELAY_WHILE_DATABASE_FAILS.toSeconds() + " s");
                queue.handBack(kind(), taskId, priority, RETRY_DELAY_WHILE_DATABASE_FAILS, handedBack + 1);
            } else {
                LOG.log(Level.WARNING, getClass().getSimpleName() + ": attempt could not run", e);
            }
        }
    }
}
