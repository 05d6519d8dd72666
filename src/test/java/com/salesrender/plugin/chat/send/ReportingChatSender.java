package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.OutgoingChat;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

/**
 * A gateway that reports {@code sent} to the CRM from within its call, as many senders do; a text with "fail-once"
 * throws on its first attempt. For {@link MessageTraceIT}: the status it queues joins the message's trace.
 */
@ApplicationScoped
@Alternative
@Priority(ChatSender.PRIORITY)
public class ReportingChatSender implements ChatSender {

    @Inject
    MessageStatuses statuses;

    @Override
    public void send(OutgoingChat chat) {
        String text = chat.chat().message().content() == null
                ? ""
                : chat.chat().message().content().text();
        if (text.contains("fail-once") && chat.attempt() == 1) {
            throw new IllegalStateException("gateway refused attempt " + chat.attempt());
        }
        statuses.report(chat.reference(), chat.messageId(), MessageStatus.SENT);
    }
}
