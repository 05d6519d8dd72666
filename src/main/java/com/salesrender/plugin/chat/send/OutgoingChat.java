package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.access.PluginReference;
import com.salesrender.plugin.chat.message.Chat;
import java.time.Instant;

/**
 * One attempt to deliver a CRM message: which company's plugin it belongs to, the chat (contact, subject,
 * message with its id), which attempt this is (1 for the first), and when the plugin accepted it.
 */
public record OutgoingChat(String taskId, PluginReference reference, Chat chat, int attempt, Instant acceptedAt) {

    public String messageId() {
        return chat.message().id();
    }
}
