package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.task.TaskConsumer;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;

/**
 * Takes send task ids off the queue and runs one attempt each. No transaction spans the gateway call: the worker
 * claims, calls and records in separate short transactions.
 */
@MessageDriven(
        activationConfig = {
            @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = ChatSendKind.QUEUE),
            @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
            @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "imqjmsra"),
            @ActivationConfigProperty(propertyName = "options", propertyValue = TaskConsumer.PREFETCH)
        })
public class ChatSendConsumer extends TaskConsumer {

    @Inject
    ChatSendWorker worker;

    @Inject
    ChatSendKind kind;

    @Override
    protected ChatSendKind kind() {
        return kind;
    }

    @Override
    protected void attempt(String taskId) {
        worker.attempt(taskId);
    }
}
