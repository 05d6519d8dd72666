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
 * throws on its first attempt, "report-then-fail-once" reports {@code sent} and then throws on its first attempt and
 * reports nothing on the next. For {@link MessageTraceIT}: the status it queues joins the message's trace.
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
        if (text.contains("report-then-fail-once")) {
            // Reports, then fails; the next attempt succeeds without reporting: the CRM gets sent only if what was
            // reported before the failure was stored.
            if (chat.attempt() == 1) {
                statuses.report(chat.reference(), chat.messageId(), MessageStatus.SENT);
                throw new IllegalStateException("gateway refused attempt 1 after it reported sent");
            }
            return;
        }
        if (text.contains("fail-once") && chat.attempt() == 1) {
            throw new IllegalStateException("gateway refused attempt " + chat.attempt());
        }
        statuses.report(chat.reference(), chat.messageId(), MessageStatus.SENT);
    }
}
