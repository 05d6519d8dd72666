package com.salesrender.plugin.chat.access;

import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fetching the CRM's public keys ({@code plugin.crm.key-fetch.*}), read by {@link CrmKeyFetch} only; the defaults are
 * in {@code META-INF/microprofile-config.properties}.
 */
@ConfigProperties(prefix = "plugin.crm.key-fetch")
@Dependent
public class KeyFetchOptions {

    /** One deadline for a whole fetch. */
    Duration timeout;

    /** Fetches at once, at most. */
    int concurrent;

    /** How long what a fetch gave (a key, or a failure) is remembered. */
    @ConfigProperty(name = "retry-after")
    Duration retryAfter;
}
