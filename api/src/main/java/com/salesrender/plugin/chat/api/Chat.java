package com.salesrender.plugin.chat.api;

import java.util.Objects;

/** A message to or from one contact (phone, e-mail, messenger id...), with the CRM's chat id if any. */
public record Chat(String id, String contact, String subject, Message message) {

    public Chat {
        Objects.requireNonNull(message, "message");
        if (contact == null || contact.isBlank()) {
            throw new InvalidChatPayload("chat.contact must not be empty");
        }
    }
}
