package com.salesrender.plugin.chat.platform;

import java.time.Duration;

/**
 * Whether this instance has begun to stop (SIGTERM, Ctrl+C, an undeployment): from then on new requests are answered
 * 503 with {@code Retry-After} and readiness is DOWN, while the work in flight ends. Plain static state, so that the
 * request filter reads it without the container's help while the application winds down.
 */
public final class Stopping {

    /**
     * What a client is told to wait before it sends again: about a restart, or the time a balancer needs to move on.
     */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static volatile boolean underway;

    private Stopping() {}

    public static void begin() {
        underway = true;
    }

    public static boolean underway() {
        return underway;
    }
}
