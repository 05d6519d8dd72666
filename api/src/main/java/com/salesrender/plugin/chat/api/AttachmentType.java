package com.salesrender.plugin.chat.api;

import java.util.Arrays;
import java.util.Optional;

/** What kind of file an attachment is. */
public enum AttachmentType {
    FILE,
    IMAGE,
    VOICE;

    public String wireName() {
        return name().toLowerCase();
    }

    public static Optional<AttachmentType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst();
    }
}
