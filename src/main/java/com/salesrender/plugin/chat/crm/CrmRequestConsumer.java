package com.salesrender.plugin.chat.crm;

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

/** Takes CRM request ids off the queue and makes one attempt each; no transaction spans the HTTP call. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = JmsTaskQueue.CRM_QUEUE),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "imqjmsra")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CrmRequestConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(CrmRequestConsumer.class.getName());

    @Inject
    CrmRequestWorker worker;

    @Override
    public void onMessage(Message message) {
        try {
            int checks = message.propertyExists(JmsTaskQueue.CHECKS) ? message.getIntProperty(JmsTaskQueue.CHECKS) : 0;
            worker.attempt(message.getBody(String.class), checks);
        } catch (JMSException | RuntimeException e) {
            // The request stays in the database; the sweeper brings it back.
            LOG.log(Level.WARNING, "CRM request attempt could not run", e);
        }
    }
}
