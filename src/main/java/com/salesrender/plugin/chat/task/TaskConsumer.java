package com.salesrender.plugin.chat.task;

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
     * While this instance stops, a message is handed back to the queue this much later (another instance may take it).
     */
    private static final Duration HAND_BACK_DELAY = Duration.ofSeconds(1);

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
        try {
            taskId = message.getBody(String.class);
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.WARNING, getClass().getSimpleName() + ": unreadable message dropped", e);
            return;
        }
        try {
            if (!attempts.run(() -> attempt(taskId))) {
                // Stopping: the task is not claimed; its message goes back (to another instance on a shared broker;
                // on the embedded one, this instance queues it again when it starts).
                queue.enqueue(kind(), taskId, HAND_BACK_DELAY);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, getClass().getSimpleName() + ": attempt could not run", e);
        }
    }
}
