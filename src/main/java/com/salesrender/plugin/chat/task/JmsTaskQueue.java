package com.salesrender.plugin.chat.task;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import java.time.Duration;

/** Task ids as persistent JMS messages on OpenMQ; the connection factory is XA, so a send joins the caller's transaction. */
@ApplicationScoped
public class JmsTaskQueue implements TaskQueue {

    public static final String CONNECTION_FACTORY = "jms/chatPlugin/connectionFactory";
    public static final String SEND_QUEUE = "jms/chatPlugin/sendQueue";
    public static final String CRM_QUEUE = "jms/chatPlugin/crmQueue";

    @Resource(lookup = CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Resource(lookup = SEND_QUEUE)
    Queue sendQueue;

    @Resource(lookup = CRM_QUEUE)
    Queue crmQueue;

    /** The JMS property counting rechecks of a message whose task was not visible yet. */
    public static final String CHECKS = "checks";

    @Override
    public void enqueue(Lane lane, String taskId, Duration delay) {
        send(lane, taskId, delay, 0);
    }

    @Override
    public void recheck(Lane lane, String taskId, int checks) {
        send(lane, taskId, Duration.ofMillis(250), checks);
    }

    private void send(Lane lane, String taskId, Duration delay, int checks) {
        try (JMSContext context = connectionFactory.createContext()) {
            JMSProducer producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
            if (!delay.isZero() && !delay.isNegative()) {
                producer.setDeliveryDelay(delay.toMillis());
            }
            if (checks > 0) {
                producer.setProperty(CHECKS, checks);
            }
            producer.send(lane == Lane.CHAT_SEND ? sendQueue : crmQueue, taskId);
        }
    }
}
