package com.salesrender.plugin.chat.task;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class RetrySweeperTest {

    /**
     * Once a stop has begun, the timed sweeps leave every task alone: the sweeper here has no store, queue or task
     * kinds, so a sweep that ran anyway would fail on them (before, each stop logged such a failure against the closing
     * pool).
     */
    @Test
    void noTimedSweepRunsOnceAStopHasBegun() {
        RetrySweeper sweeper = new RetrySweeper();
        sweeper.attempts = new Attempts();
        assertEquals(0, sweeper.attempts.stop(Duration.ZERO));
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger log = Logger.getLogger(RetrySweeper.class.getName());
        log.addHandler(handler);
        try {
            assertDoesNotThrow(sweeper::everyMinute);
            assertDoesNotThrow(sweeper::takeOver);
        } finally {
            log.removeHandler(handler);
        }
        assertEquals(List.of(), warnings);
    }
}
