package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.task.TaskConsumer;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;

/** Takes CRM request ids off the queue and makes one attempt each; no transaction spans the HTTP call. */
@MessageDriven(
        activationConfig = {
            @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = CrmRequestKind.QUEUE),
            @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
            @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "imqjmsra"),
            @ActivationConfigProperty(propertyName = "options", propertyValue = TaskConsumer.PREFETCH)
        })
public class CrmRequestConsumer extends TaskConsumer {

    @Inject
    CrmRequestWorker worker;

    @Inject
    CrmRequestKind kind;

    @Override
    protected CrmRequestKind kind() {
        return kind;
    }

    @Override
    protected void attempt(String taskId) {
        worker.attempt(taskId);
    }
}
