package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class RepeatedFailureTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void anOutageWritesOneWarningAMinuteAndOneLineWhenItIsOver() {
        LogRecords log = new LogRecords("repeated-failure-outage");
        RepeatedFailure queueing = new RepeatedFailure(log.logger, "Queueing to the broker");
        RuntimeException away = new RuntimeException("broker away");

        queueing.failed(() -> "Could not queue task t-1", away, 0);
        for (int i = 2; i <= 50; i++) {
            int task = i;
            queueing.failed(() -> "Could not queue task t-" + task, away, i * SECOND);
        }
        queueing.failed(() -> "Could not queue task t-61", away, 61 * SECOND);
        queueing.succeeded();
        queueing.succeeded();

        List<String> lines = log.records.stream()
                .filter(record -> record.getLevel().intValue() >= Level.INFO.intValue())
                .map(record -> record.getLevel() + " " + record.getMessage())
                .toList();
        assertEquals(
                List.of(
                        "WARNING Could not queue task t-1",
                        "WARNING Could not queue task t-61 (49 more since the last line)",
                        "INFO Queueing to the broker works again after 51 failures"),
                lines);
        assertEquals(52, log.records.size(), "the quiet failures are FINE lines, for whoever turns them on");
        assertEquals(away, log.records.get(0).getThrown());
        assertEquals(0, queueing.failures());
    }

    @Test
    void successesWithoutFailuresWriteNothing() {
        LogRecords log = new LogRecords("repeated-failure-none");
        RepeatedFailure queueing = new RepeatedFailure(log.logger, "Queueing to the broker");
        queueing.succeeded();
        assertTrue(log.records.isEmpty());
    }

    @Test
    void aNewOutageWarnsAtOnce() {
        LogRecords log = new LogRecords("repeated-failure-again");
        RepeatedFailure queueing = new RepeatedFailure(log.logger, "Queueing to the broker");
        queueing.failed(() -> "first", null, 0);
        queueing.succeeded();
        queueing.failed(() -> "second", null, SECOND);
        assertEquals(List.of(Level.WARNING, Level.INFO, Level.WARNING), log.levels());
    }
}
