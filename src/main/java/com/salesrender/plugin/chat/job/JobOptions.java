package com.salesrender.plugin.chat.job;

import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code plugin.job.*} options; their defaults are in {@code META-INF/microprofile-config.properties}. */
@ConfigProperties(prefix = "plugin.job")
@Dependent
public class JobOptions {

    /** Attempts per job. */
    int attempts;

    /** The wait after the first failed attempt; it doubles after each further one, up to {@link #maxInterval}. */
    Duration interval;

    @ConfigProperty(name = "max-interval")
    Duration maxInterval;
}
