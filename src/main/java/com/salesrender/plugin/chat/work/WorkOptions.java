package com.salesrender.plugin.chat.work;

import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** The {@code plugin.work.*} options; their defaults are in {@code META-INF/microprofile-config.properties}. */
@ConfigProperties(prefix = "plugin.work")
@Dependent
public class WorkOptions {

    /** How long a lease lasts; renewed every third of it while the work runs, taken over this long after it stopped. */
    Duration lease;

    /** How often each instance looks for work nobody holds, and for settings saved again under its own work. */
    Duration tick;

    /** The most runs at once on one instance (each holds a thread while its lease is held). */
    int threads;

    /** Why these options cannot work, or null. */
    String problem() {
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            return "Configuration property plugin.work.lease must be at least PT1S, not " + lease;
        }
        if (tick.isNegative() || tick.isZero()) {
            return "Configuration property plugin.work.tick must be positive, not " + tick;
        }
        if (threads < 1) {
            return "Configuration property plugin.work.threads must be 1 or more, not " + threads;
        }
        return null;
    }
}
