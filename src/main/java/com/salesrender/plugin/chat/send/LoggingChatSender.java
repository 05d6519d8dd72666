package com.salesrender.plugin.chat.send;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.logging.Logger;

/** The sender used until a plugin provides its own: it logs each message and reports success. */
@ApplicationScoped
public class LoggingChatSender implements ChatSender {

    private static final Logger LOG = Logger.getLogger(LoggingChatSender.class.getName());

    @Override
    public void send(OutgoingChat chat) {
        LOG.info(() -> "Message " + chat.messageId() + " of " + chat.reference() + " to " + chat.chat().contact()
                + " (attempt " + chat.attempt() + ")");
    }
}
