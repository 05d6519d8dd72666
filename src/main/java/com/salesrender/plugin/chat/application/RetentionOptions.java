package com.salesrender.plugin.chat.application;

import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * How long ended tasks and uploads are kept ({@code plugin.retention.*}): what {@link Retention} deletes and what the
 * operations page shows. The defaults are in {@code META-INF/microprofile-config.properties}.
 */
@ConfigProperties(prefix = "plugin.retention")
@Dependent
public class RetentionOptions {

    /** Tasks that ended well (DONE), with their history. */
    Duration done;

    /** Tasks that ended without success (FAILED, DROPPED), with their history. */
    Duration failed;

    Duration uploads;

    public Duration done() {
        return done;
    }

    public Duration failed() {
        return failed;
    }

    public Duration uploads() {
        return uploads;
    }
}
