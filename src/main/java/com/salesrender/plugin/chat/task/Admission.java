package com.salesrender.plugin.chat.task;

import java.time.Duration;

/**
 * A task kind's answer when one of its due tasks is about to be claimed: go, hold (something else will queue it again,
 * e.g. the end of an earlier message of its chat), or try again after a while (e.g. a cap on the gateway is reached).
 * Holding or waiting uses no attempt.
 */
public record Admission(boolean go, Duration retryAfter) {

    public static final Admission GO = new Admission(true, null);
    public static final Admission HOLD = new Admission(false, null);

    public static Admission after(Duration wait) {
        return new Admission(false, wait);
    }
}
