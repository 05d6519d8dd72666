package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.task.JmsTaskQueue;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes send task ids off the queue and runs one attempt each. No transaction spans the gateway call:
 * the worker claims, calls and records in separate short transactions.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = JmsTaskQueue.SEND_QUEUE),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "imqjmsra")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChatSendConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(ChatSendConsumer.class.getName());

    @Inject
    ChatSendWorker worker;

    @Override
    public void onMessage(Message message) {
        try {
            int checks = message.propertyExists(JmsTaskQueue.CHECKS) ? message.getIntProperty(JmsTaskQueue.CHECKS) : 0;
            worker.attempt(message.getBody(String.class), checks);
        } catch (JMSException | RuntimeException e) {
            // The task stays in the database; the sweeper brings it back. Redelivering here would only spin.
            LOG.log(Level.WARNING, "Send attempt could not run", e);
        }
    }
}
