package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.access.PluginReference;
import com.salesrender.plugin.chat.message.Chat;

/**
 * One attempt to deliver a CRM message: which company's plugin it belongs to, the chat (contact, subject,
 * message with its id), and which attempt this is (1 for the first).
 */
public record OutgoingChat(String taskId, PluginReference reference, Chat chat, int attempt) {

    public String messageId() {
        return chat.message().id();
    }
}
