package com.salesrender.plugin.chat.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a {@link ChatSender} when the gateway says "not now" (rate limited, throttled): the message is tried again
 * after {@code after} without using up one of its attempts.
 */
public class RetryLater extends Exception {

    private final Duration after;

    public RetryLater(Duration after, String reason) {
        super(reason);
        this.after = Objects.requireNonNull(after, "after");
    }

    public Duration after() {
        return after;
    }
}
