package com.salesrender.plugin.chat.task;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How many attempts a task gets and when the next one is due: the wait starts at {@code interval} and grows by
 * {@code multiplier} after each failed attempt, up to {@code maxInterval}, each spread by up to {@code jitter} (a
 * fraction) so that a gateway coming back is not hit by every retry at once. An attempt is counted when it is claimed,
 * so a task that crashes its worker every time still runs out of attempts.
 */
public record RetryPolicy(int attemptLimit, Duration interval, double multiplier, Duration maxInterval, double jitter) {

    public RetryPolicy {
        if (attemptLimit < 1) {
            throw new IllegalArgumentException("attempt limit must be at least 1");
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("retry interval must not be negative");
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("backoff multiplier must be 1 or more");
        }
        if (maxInterval.compareTo(interval) < 0) {
            throw new IllegalArgumentException("the longest retry interval must not be shorter than the first");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be a fraction from 0 to below 1");
        }
    }

    /** A fixed interval, as the protocol's reference does it. */
    public RetryPolicy(int attemptLimit, Duration interval) {
        this(attemptLimit, interval, 1, interval, 0);
    }

    /** Whether a task that has made {@code attemptsMade} attempts may not try again. */
    public boolean isSpent(int attemptsMade) {
        return attemptsMade >= attemptLimit;
    }

    /** The wait after the {@code attemptsMade}-th failed attempt, before jitter. */
    public Duration baseDelay(int attemptsMade) {
        double millis = interval.toMillis() * Math.pow(multiplier, Math.max(0, attemptsMade - 1));
        return Duration.ofMillis((long) Math.min(millis, maxInterval.toMillis()));
    }

    /** When the attempt after a failed one is due; {@code random} in [0, 1). */
    public long nextAttemptAt(long failedAtMillis, int attemptsMade, double random) {
        long base = baseDelay(attemptsMade).toMillis();
        long spread = (long) (base * jitter * (2 * random - 1));
        return failedAtMillis + Math.max(0, base + spread);
    }

    public long nextAttemptAt(long failedAtMillis, int attemptsMade) {
        return nextAttemptAt(
                failedAtMillis, attemptsMade, ThreadLocalRandom.current().nextDouble());
    }
}
