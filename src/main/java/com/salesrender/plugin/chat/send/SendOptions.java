package com.salesrender.plugin.chat.send;

import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code plugin.send.*} options; their defaults are in {@code META-INF/microprofile-config.properties}. */
@ConfigProperties(prefix = "plugin.send")
@Dependent
public class SendOptions {

    /** Attempts per message. */
    int attempts;

    /** The wait after the first failed attempt. */
    Duration interval;

    /** Each failed attempt multiplies the wait by this, up to {@link #maxInterval}. */
    double backoff;

    @ConfigProperty(name = "max-interval")
    Duration maxInterval;

    /** Each wait is spread by up to this fraction, up or down. */
    double jitter;

    /** How long, from its first failed attempt, a failing message holds the later messages of its chat. */
    @ConfigProperty(name = "order-hold")
    Duration orderHold;

    /** Sends of one plugin reference at once (0: no cap). */
    @ConfigProperty(name = "limit.concurrent")
    int concurrent;

    /** Send attempts of one plugin reference in any second (0: no cap). */
    @ConfigProperty(name = "limit.per-second")
    int perSecond;

    /** Whether the gateway is protected by a cap at all ({@link SendLimits}); none by default. */
    boolean capped() {
        return concurrent > 0 || perSecond > 0;
    }
}
