package com.salesrender.plugin.chat.api;

import java.util.Objects;

/** The text of a message; never blank (it is trimmed). */
public record MessageContent(String text, MessageFormat format) {

    public MessageContent {
        Objects.requireNonNull(format, "format");
        text = text == null ? "" : text.trim();
        if (text.isEmpty()) {
            throw new InvalidChatPayload("Message text should not be empty");
        }
    }
}
