package com.salesrender.plugin.chat.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.persistence.PersistenceException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutcomesTest {

    private static final Duration NO_PAUSE = Duration.ZERO;

    /** What H2 throws when a row lock wait runs out (its JdbcSQLTimeoutException is an SQLTimeoutException). */
    private static RuntimeException lockWaitRanOut() {
        return new PersistenceException(new SQLTimeoutException("Timeout trying to lock table", "HYT00", 50200));
    }

    @Test
    void anyFirstFailureIsTriedOnceMore() {
        AtomicInteger calls = new AtomicInteger();
        String written = Outcomes.tried(
                () -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("two first statuses raced");
                    }
                    return "written";
                },
                NO_PAUSE);
        assertEquals("written", written);
        assertEquals(2, calls.get());
    }

    @Test
    void anotherFailureIsThrownAfterTheSecondTry() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException bug = new IllegalStateException("a bug");
        assertSame(
                bug,
                assertThrows(
                        IllegalStateException.class,
                        () -> Outcomes.tried(
                                () -> {
                                    calls.incrementAndGet();
                                    throw bug;
                                },
                                NO_PAUSE)));
        assertEquals(2, calls.get());
    }

    @Test
    void theDatabaseFailingIsTriedUntilItAnswers() {
        AtomicInteger calls = new AtomicInteger();
        boolean written = Outcomes.tried(
                () -> {
                    if (calls.incrementAndGet() < 5) {
                        throw lockWaitRanOut();
                    }
                    return true;
                },
                NO_PAUSE);
        assertEquals(true, written);
        assertEquals(5, calls.get());
    }

    @Test
    void theDatabaseFailingIsTriedABoundedNumberOfTimes() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(
                PersistenceException.class,
                () -> Outcomes.tried(
                        () -> {
                            calls.incrementAndGet();
                            throw lockWaitRanOut();
                        },
                        NO_PAUSE));
        assertEquals(Outcomes.TRIES, calls.get());
    }
}
