package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.platform.DatabaseUnavailable;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Writes the outcome of work another party already took (the gateway took the message, the CRM took the request) with a
 * few tries: until it is written, the claim's lease runs out after the attempt and the work is done a second time. In
 * the benchmark's busiest phase on H2, four statuses reached the CRM twice when the outcome's update waited for a row
 * lock past H2's 2 s. The attempt is still running meanwhile, so its lease is renewed.
 */
public final class Outcomes {

    /** Tries in all; the database's failures (a lock wait that ran out, a restart, a failover) this far apart. */
    static final int TRIES = 8;

    static final Duration PAUSE = Duration.ofSeconds(1);

    private Outcomes() {}

    /**
     * Runs {@code write} (one transaction) until it succeeds: once more at once after any first failure (a first status
     * of a message may have raced another to create its record, which rolls the transaction back), then again after a
     * pause while the database fails it, up to {@value #TRIES} tries. The last failure is thrown.
     */
    public static <T> T write(Supplier<T> write) {
        return write(write, PAUSE);
    }

    static <T> T write(Supplier<T> write, Duration pause) {
        for (int tried = 1; ; tried++) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                boolean again = tried == 1 || (DatabaseUnavailable.causes(e) && tried < TRIES);
                if (!again) {
                    throw e;
                }
                if (tried > 1 && !pause(pause)) {
                    throw e;
                }
            }
        }
    }

    private static boolean pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
