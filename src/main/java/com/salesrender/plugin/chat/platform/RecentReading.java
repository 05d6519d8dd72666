package com.salesrender.plugin.chat.platform;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A figure read from somewhere slow (the database, the broker) for {@code /metrics}: read again at most every
 * {@code maxAge}, however often it is scraped, and kept as it was when a read fails (the database away: readiness says
 * so, and the scrape must not fail with it). Before the first read that worked it is {@code initial}.
 *
 * <p>A read runs on {@code executor}, one at a time, and a scrape waits for it {@code patience} at most, then answers
 * the last value: with the database away a query can take a minute to fail (the pool and EclipseLink try again), and a
 * scrape that long would time out and lose every series with it, {@code chat_plugin_ready} included.
 */
public final class RecentReading<T> {

    private static final Logger LOG = Logger.getLogger(RecentReading.class.getName());

    private final long maxAgeMillis;
    private final Supplier<T> read;
    private final Executor executor;
    private final long patienceMillis;
    private final LongSupplier clock;
    private volatile T value;
    private long readAt;
    private boolean everRead;
    private CompletableFuture<Void> running;

    /** How long a scrape waits for a read by default: the time a query takes, well within a scrape's timeout. */
    public static final Duration PATIENCE = Duration.ofSeconds(1);

    public RecentReading(Duration maxAge, T initial, Supplier<T> read, Executor executor) {
        this(maxAge, initial, read, executor, PATIENCE);
    }

    public RecentReading(Duration maxAge, T initial, Supplier<T> read, Executor executor, Duration patience) {
        this(maxAge, initial, read, executor, patience, System::currentTimeMillis);
    }

    RecentReading(
            Duration maxAge, T initial, Supplier<T> read, Executor executor, Duration patience, LongSupplier clock) {
        this.maxAgeMillis = maxAge.toMillis();
        this.value = initial;
        this.read = read;
        this.executor = executor;
        this.patienceMillis = patience.toMillis();
        this.clock = clock;
    }

    /**
     * The last value read. If it is {@code maxAge} old (a failed read waits as long) a read starts, and this call waits
     * for it {@code patience} at most; a read already running is not waited for (one scrape asks many times: every
     * gauge of a family, each label value, reads the same figures).
     */
    public T get() {
        CompletableFuture<Void> reading = startIfOld();
        if (reading != null) {
            try {
                reading.get(patienceMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Slow or failed: the last value it is (a failure is logged where it happens).
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return value;
    }

    /** The read this call started, or null. */
    private synchronized CompletableFuture<Void> startIfOld() {
        long now = clock.getAsLong();
        if (running != null || (everRead && now - readAt < maxAgeMillis)) {
            return null;
        }
        everRead = true;
        readAt = now;
        CompletableFuture<Void> reading = new CompletableFuture<>();
        running = reading;
        try {
            executor.execute(() -> readNow(reading));
        } catch (RuntimeException e) {
            // No thread to read on (the server is stopping): the last value it is.
            LOG.log(Level.FINE, "Not read again; the last value stays", e);
            finished(reading);
        }
        return reading;
    }

    private void readNow(CompletableFuture<Void> reading) {
        try {
            value = read.get();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Not read again; the last value stays", e);
        } finally {
            finished(reading);
        }
    }

    private synchronized void finished(CompletableFuture<Void> reading) {
        if (running == reading) {
            running = null;
        }
        reading.complete(null);
    }
}
