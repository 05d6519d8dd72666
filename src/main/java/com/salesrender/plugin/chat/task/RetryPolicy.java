package com.salesrender.plugin.chat.task;

import java.time.Duration;

/**
 * How many attempts a task gets and when the next one is due. An attempt is counted when it is claimed,
 * so a task that crashes its worker every time still runs out of attempts.
 */
public record RetryPolicy(int attemptLimit, Duration interval) {

    public RetryPolicy {
        if (attemptLimit < 1) {
            throw new IllegalArgumentException("attempt limit must be at least 1");
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("retry interval must not be negative");
        }
    }

    /** Whether a task that has made {@code attemptsMade} attempts may not try again. */
    public boolean isSpent(int attemptsMade) {
        return attemptsMade >= attemptLimit;
    }

    /** When the attempt after a failed one is due. */
    public long nextAttemptAt(long failedAtMillis) {
        return failedAtMillis + interval.toMillis();
    }
}
