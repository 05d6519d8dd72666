package com.salesrender.plugin.chat.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * What became of an outgoing message at the gateway. Statuses only move forward: sent, delivered, read; {@code error}
 * may follow sent or delivered. Read and error are final.
 */
public enum MessageStatus {
    SENT(1),
    DELIVERED(2),
    READ(3),
    ERROR(3);

    private final int rank;

    MessageStatus(int rank) {
        this.rank = rank;
    }

    public String wireName() {
        return name().toLowerCase();
    }

    public static Optional<MessageStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
    }

    public boolean isFinal() {
        return this == READ || this == ERROR;
    }

    /** Whether a message at {@code current} (null: nothing reported yet) may move on to this status. */
    public boolean follows(MessageStatus current) {
        return current == null || (!current.isFinal() && rank > current.rank);
    }
}
