package com.salesrender.plugin.chat.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.PluginReference;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(10));

    @Test
    void attemptsAreSpentAtTheLimit() {
        assertFalse(policy.isSpent(1));
        assertFalse(policy.isSpent(2));
        assertTrue(policy.isSpent(3));
        assertTrue(policy.isSpent(4));
    }

    @Test
    void fixedPolicyWaitsOneIntervalAfterEachFailure() {
        assertEquals(1_010_000, policy.nextAttemptAt(1_000_000, 1));
        assertEquals(1_010_000, policy.nextAttemptAt(1_000_000, 7));
    }

    @Test
    void waitsGrowExponentiallyUpToTheCap() {
        RetryPolicy backoff = new RetryPolicy(100, Duration.ofSeconds(10), 2, Duration.ofMinutes(1), 0);
        assertEquals(Duration.ofSeconds(10), backoff.baseDelay(1));
        assertEquals(Duration.ofSeconds(20), backoff.baseDelay(2));
        assertEquals(Duration.ofSeconds(40), backoff.baseDelay(3));
        assertEquals(Duration.ofMinutes(1), backoff.baseDelay(4));
        assertEquals(Duration.ofMinutes(1), backoff.baseDelay(60));
    }

    @Test
    void jitterSpreadsTheWaitBothWays() {
        RetryPolicy backoff = new RetryPolicy(100, Duration.ofSeconds(10), 2, Duration.ofMinutes(1), 0.2);
        assertEquals(8_000, backoff.nextAttemptAt(0, 1, 0.0));
        assertEquals(10_000, backoff.nextAttemptAt(0, 1, 0.5));
        assertEquals(11_999, backoff.nextAttemptAt(0, 1, 0.99995));
        for (int i = 0; i < 1000; i++) {
            long next = backoff.nextAttemptAt(0, 2);
            assertTrue(next >= 16_000 && next <= 24_000, String.valueOf(next));
        }
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, Duration.ofSeconds(-1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryPolicy(1, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryPolicy(1, Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryPolicy(1, Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 1));
    }

    /** A concrete task to exercise the shared attempt record. */
    static final class SampleTask extends Task {
        SampleTask(int limit, long now) {
            super(limit, now);
        }

        @Override
        public PluginReference reference() {
            return new PluginReference("1", "chat", "1");
        }

        @Override
        public String messageId() {
            return null;
        }
    }

    @Test
    void failureQueuesTheTaskAgainUntilSpent() {
        SampleTask task = new SampleTask(3, 0);
        assertEquals(TaskState.QUEUED, task.state());
        task.fail("timeout", false, 1000, policy.nextAttemptAt(1000, 1));
        assertEquals(TaskState.QUEUED, task.state());
        assertEquals(11_000, task.nextAttemptAt());
        assertEquals("timeout", task.lastError());
        assertNull(task.finishedAt());

        task.fail("still down", true, 20_000, policy.nextAttemptAt(20_000, 2));
        assertEquals(TaskState.FAILED, task.state());
        assertEquals(20_000L, task.finishedAt());
        assertEquals("still down", task.lastError());
        assertNull(task.claimId());
    }

    @Test
    void errorsAreKeptUpTo500Characters() {
        SampleTask task = new SampleTask(3, 0);
        task.fail("x".repeat(2000), false, 1, 2);
        assertEquals(Task.MAX_ERROR, task.lastError().length());
        assertTrue(task.lastError().endsWith("..."));
    }
}
