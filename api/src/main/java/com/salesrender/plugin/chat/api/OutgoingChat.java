package com.salesrender.plugin.chat.api;

import java.time.Instant;

/**
 * One attempt to deliver a CRM message: which company's plugin it belongs to, the chat (contact, subject, message with
 * its id), which attempt this is (1 for the first), and when the plugin accepted it.
 */
public record OutgoingChat(PluginReference reference, Chat chat, int attempt, Instant acceptedAt) {

    /** The CRM's id of the message: what {@link MessageStatuses#report} needs. */
    public String messageId() {
        return chat.message().id();
    }
}
