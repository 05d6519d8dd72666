package com.salesrender.plugin.chat.api;

import java.util.Arrays;
import java.util.Optional;

/** How the text of a message is written. */
public enum MessageFormat {
    TEXT,
    MARKDOWN,
    HTML;

    public String wireName() {
        return name().toLowerCase();
    }

    public static Optional<MessageFormat> fromWire(String value) {
        return Arrays.stream(values()).filter(f -> f.wireName().equals(value)).findFirst();
    }
}
