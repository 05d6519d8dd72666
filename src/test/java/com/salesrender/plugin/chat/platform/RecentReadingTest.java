package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentReadingTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void readsAtMostOncePerMaxAge() {
        RecentReading<Integer> reading =
                new RecentReading<>(Duration.ofSeconds(5), -1, reads::incrementAndGet, now::get);
        assertEquals(1, reading.get());
        now.addAndGet(4_999);
        assertEquals(1, reading.get(), "scraped again within 5 s: the same reading");
        assertEquals(1, reads.get());
        now.addAndGet(1);
        assertEquals(2, reading.get(), "5 s later it is read again");
    }

    @Test
    void aFailedReadKeepsTheLastValueAndWaitsTooBeforeTheNext() {
        AtomicInteger failing = new AtomicInteger();
        AtomicInteger figure = new AtomicInteger(7);
        RecentReading<Integer> reading = new RecentReading<>(
                Duration.ofSeconds(5),
                -1,
                () -> {
                    if (failing.get() > 0) {
                        reads.incrementAndGet();
                        throw new IllegalStateException("the database is away");
                    }
                    return figure.get();
                },
                now::get);
        assertEquals(7, reading.get());
        failing.set(1);
        now.addAndGet(5_000);
        assertEquals(7, reading.get(), "the last value stays");
        assertEquals(1, reads.get());
        now.addAndGet(1_000);
        assertEquals(7, reading.get());
        assertEquals(1, reads.get(), "not tried on every scrape while it fails");
        failing.set(0);
        figure.set(8);
        now.addAndGet(4_000);
        assertEquals(8, reading.get(), "read again 5 s after the failed read");
    }

    @Test
    void beforeAnyReadWorkedItIsTheInitialValue() {
        RecentReading<Integer> reading = new RecentReading<>(
                Duration.ofSeconds(5),
                0,
                () -> {
                    throw new IllegalStateException("the database is away");
                },
                now::get);
        assertEquals(0, reading.get());
    }
}
