package com.salesrender.plugin.chat.api;

import java.util.List;

/**
 * One chat message: text, attachments or both. The id is the CRM's message id; it is absent only on incoming messages
 * (the CRM assigns their ids).
 */
public record Message(String id, MessageContent content, List<Attachment> attachments) {

    public Message {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        if (content == null && attachments.isEmpty()) {
            throw new InvalidChatPayload("Message should contain content or attachmetns");
        }
    }

    public boolean hasId() {
        return id != null;
    }
}
