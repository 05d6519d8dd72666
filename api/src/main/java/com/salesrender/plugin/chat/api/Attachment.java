package com.salesrender.plugin.chat.api;

import java.net.URI;
import java.util.Objects;

/** A file sent with a message, given by its public URI. */
public record Attachment(String name, URI uri, AttachmentType type) {

    public Attachment {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(type, "type");
        if (name == null || name.isBlank()) {
            throw new InvalidChatPayload("attachment name must not be empty");
        }
    }
}
