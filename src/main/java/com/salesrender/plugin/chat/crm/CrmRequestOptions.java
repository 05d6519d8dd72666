package com.salesrender.plugin.chat.crm;

import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Attempts and intervals of the requests to the CRM ({@code plugin.crm.status.*}, {@code plugin.crm.incoming.*}); the
 * defaults, in {@code META-INF/microprofile-config.properties}, are the reference's.
 */
@ConfigProperties(prefix = "plugin.crm")
@Dependent
public class CrmRequestOptions {

    @ConfigProperty(name = "status.attempts")
    int statusAttempts;

    /** The wait after each failed attempt of a status. */
    @ConfigProperty(name = "status.interval")
    Duration statusInterval;

    @ConfigProperty(name = "incoming.attempts")
    int incomingAttempts;

    @ConfigProperty(name = "incoming.interval")
    Duration incomingInterval;
}
