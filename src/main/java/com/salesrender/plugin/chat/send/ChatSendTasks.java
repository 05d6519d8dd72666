package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.crm.MessageStatus;
import com.salesrender.plugin.chat.crm.MessageStatuses;
import com.salesrender.plugin.chat.task.RetryPolicy;
import com.salesrender.plugin.chat.task.TaskKind;
import com.salesrender.plugin.chat.task.TaskQueue;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Send tasks as the task machinery sees them: how hard and how often a message is tried. */
@ApplicationScoped
public class ChatSendTasks implements TaskKind<ChatSendTask> {

    @Inject
    @ConfigProperty(name = "plugin.send.attempts", defaultValue = "100")
    int attempts;

    @Inject
    @ConfigProperty(name = "plugin.send.interval", defaultValue = "PT10S")
    Duration interval;

    /** Longer than any gateway call should take: after it, another worker may take the message over. */
    @Inject
    @ConfigProperty(name = "plugin.send.lease", defaultValue = "PT5M")
    Duration lease;

    @Inject
    MessageStatuses statuses;

    private RetryPolicy retryPolicy;

    @PostConstruct
    void init() {
        retryPolicy = new RetryPolicy(attempts, interval);
    }

    @Override
    public Class<ChatSendTask> type() {
        return ChatSendTask.class;
    }

    @Override
    public TaskQueue.Lane lane() {
        return TaskQueue.Lane.CHAT_SEND;
    }

    @Override
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    @Override
    public Duration lease() {
        return lease;
    }

    /** A message given up is reported to the CRM as {@code error}, in the same transaction. */
    @Override
    public void givenUp(ChatSendTask task) {
        statuses.reportIfRegistered(task.reference(), task.messageId(), MessageStatus.ERROR);
    }
}
