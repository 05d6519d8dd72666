package com.salesrender.plugin.chat.job;

import com.salesrender.plugin.chat.task.TaskConsumer;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;

/** Takes plugin job ids off the queue and runs one attempt each. */
@MessageDriven(
        activationConfig = {
            @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = JobKind.QUEUE),
            @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
            @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "imqjmsra"),
            @ActivationConfigProperty(propertyName = "options", propertyValue = TaskConsumer.PREFETCH)
        })
public class JobConsumer extends TaskConsumer {

    @Inject
    JobKind kind;

    @Inject
    JobWorker worker;

    @Override
    protected JobKind kind() {
        return kind;
    }

    @Override
    protected void attempt(String taskId) {
        worker.attempt(taskId);
    }
}
