package com.salesrender.plugin.chat.platform;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of a failure that repeats while something is away (the broker, the database): one WARNING when it starts and
 * at most one a minute while it lasts, saying how many failures the quiet minute held, FINE lines between, and one INFO
 * line when it is over. Under load an outage would otherwise write a line (and a stack trace) per request.
 */
public final class RepeatedFailure {

    static final Duration QUIET = Duration.ofMinutes(1);

    private final Logger log;
    private final String what;
    private long warnedAt;
    private int unwarned;
    private volatile int failures;

    /** {@code what} names what failed, e.g. "Queueing to the broker", for the line that says it works again. */
    public RepeatedFailure(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    public void failed(Supplier<String> text, Throwable cause) {
        failed(text, cause, System.nanoTime());
    }

    synchronized void failed(Supplier<String> text, Throwable cause, long now) {
        failures++;
        if (failures == 1 || now - warnedAt >= QUIET.toNanos()) {
            String more = unwarned == 0 ? "" : " (" + unwarned + " more since the last line)";
            log.log(Level.WARNING, text.get() + more, cause);
            warnedAt = now;
            unwarned = 0;
        } else {
            unwarned++;
            log.log(Level.FINE, cause, text);
        }
    }

    /** Called on a success: after failures, one line says it works again. Cheap when nothing failed. */
    public void succeeded() {
        if (failures == 0) {
            return;
        }
        synchronized (this) {
            if (failures > 0) {
                int count = failures;
                log.info(() -> what + " works again after " + count + (count == 1 ? " failure" : " failures"));
                failures = 0;
                unwarned = 0;
            }
        }
    }

    synchronized int failures() {
        return failures;
    }
}
