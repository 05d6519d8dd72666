package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RecentReadingTest {

    /** Long enough for a read that is not held back: these tests never wait for it to run out. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger reads = new AtomicInteger();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void readsAtMostOncePerMaxAge() {
        RecentReading<Integer> reading =
                new RecentReading<>(Duration.ofSeconds(5), -1, reads::incrementAndGet, executor, PATIENCE, now::get);
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
                executor,
                PATIENCE,
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
                executor,
                PATIENCE,
                now::get);
        assertEquals(0, reading.get());
    }

    /** A read that hangs (a database that does not answer) does not hold the scrape, nor start a second read. */
    @Test
    void aHangingReadIsNotWaitedForAndNotRepeated() throws InterruptedException {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger figure = new AtomicInteger(1);
        RecentReading<Integer> reading = new RecentReading<>(
                Duration.ofSeconds(5),
                -1,
                () -> {
                    reads.incrementAndGet();
                    if (figure.get() == 2) {
                        try {
                            answer.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return figure.get();
                },
                executor,
                Duration.ZERO,
                now::get);
        assertTrue(waitFor(reading, 1), "the first read");
        figure.set(2);
        now.addAndGet(5_000);
        assertEquals(1, reading.get(), "the read hangs: the last value, at once");
        long until = System.nanoTime() + 5_000_000_000L;
        while (reads.get() < 2 && System.nanoTime() < until) {
            Thread.sleep(10); // the hanging read starts on the executor's thread, maybe after get() answered
        }
        now.addAndGet(60_000);
        assertEquals(1, reading.get());
        Thread.sleep(200); // a second read, had get() started one, would have begun by now
        assertEquals(2, reads.get(), "no second read while one hangs");
        answer.countDown();
        assertTrue(waitFor(reading, 2), "what the hanging read got, once it came");
    }

    /**
     * Only the call that started a read waits for it: a scrape asks once per gauge, and a hanging read must not cost it
     * the patience once per gauge. (Were the second call to wait, this test would hang until its timeout.)
     */
    @Test
    @Timeout(60)
    void onlyTheCallThatStartedAReadWaitsForIt() throws InterruptedException {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger figure = new AtomicInteger(1);
        RecentReading<Integer> reading = new RecentReading<>(
                Duration.ofSeconds(5),
                -1,
                () -> {
                    reads.incrementAndGet();
                    if (figure.get() == 2) {
                        try {
                            answer.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return figure.get();
                },
                executor,
                Duration.ofHours(1),
                now::get);
        assertEquals(1, reading.get());
        figure.set(2);
        now.addAndGet(5_000);
        Thread starter = new Thread(reading::get);
        starter.start();
        for (int i = 0; i < 500 && reads.get() < 2; i++) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertEquals(2, reads.get(), "the starter's read runs");
        assertEquals(1, reading.get(), "another call answers the last value without waiting");
        answer.countDown();
        starter.join();
        assertEquals(2, reading.get());
    }

    /** Reads until the reading shows {@code expected} (its read runs on the executor: no patience here). */
    private static boolean waitFor(RecentReading<Integer> reading, int expected) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (reading.get() == expected) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return false;
    }
}
