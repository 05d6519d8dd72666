package com.salesrender.plugin.chat.crm;

import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code plugin.incoming.*} options; the defaults are in {@code META-INF/microprofile-config.properties}. */
@ConfigProperties(prefix = "plugin.incoming")
@Dependent
public class IncomingOptions {

    /**
     * How long the gateway id of a forwarded message is kept: within that time the same id is not forwarded again;
     * after it, it would be.
     */
    @ConfigProperty(name = "dedup-retention")
    Duration dedupRetention;

    public Duration dedupRetention() {
        return dedupRetention;
    }
}
