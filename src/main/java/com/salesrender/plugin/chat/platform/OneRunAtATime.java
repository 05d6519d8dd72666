package com.salesrender.plugin.chat.platform;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Lets one run of a periodic job through at a time (a timer that fires while the last run still goes, a test that calls
 * it meanwhile): a run that finds one going is skipped, not queued, since the next one catches up anyway.
 */
public final class OneRunAtATime {

    private final AtomicBoolean running = new AtomicBoolean();

    /** Runs {@code work} and answers what it answers; answers {@code skipped} at once while another run goes. */
    public <T> T run(Supplier<T> work, T skipped) {
        if (!running.compareAndSet(false, true)) {
            return skipped;
        }
        try {
            return work.get();
        } finally {
            running.set(false);
        }
    }

    /** Runs {@code work}, or skips it at once while another run goes; answers whether it ran. */
    public boolean run(Runnable work) {
        return run(
                () -> {
                    work.run();
                    return true;
                },
                false);
    }
}
