package com.salesrender.plugin.chat.platform;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A figure read from somewhere slow (the database, the broker) for {@code /metrics}: read again at most every
 * {@code maxAge}, however often it is scraped, and kept as it was when a read fails (the database away: readiness says
 * so, and the scrape must not fail with it). Before the first read that worked it is {@code initial}.
 */
public final class RecentReading<T> {

    private static final Logger LOG = Logger.getLogger(RecentReading.class.getName());

    private final long maxAgeMillis;
    private final Supplier<T> read;
    private final LongSupplier clock;
    private T value;
    private long readAt;
    private boolean everRead;

    public RecentReading(Duration maxAge, T initial, Supplier<T> read) {
        this(maxAge, initial, read, System::currentTimeMillis);
    }

    RecentReading(Duration maxAge, T initial, Supplier<T> read, LongSupplier clock) {
        this.maxAgeMillis = maxAge.toMillis();
        this.value = initial;
        this.read = read;
        this.clock = clock;
    }

    /** The last value read, read again first if it is {@code maxAge} old (a failed read waits as long). */
    public synchronized T get() {
        long now = clock.getAsLong();
        if (!everRead || now - readAt >= maxAgeMillis) {
            everRead = true;
            readAt = now;
            try {
                value = read.get();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Not read again; the last value stays", e);
            }
        }
        return value;
    }
}
