package com.salesrender.plugin.chat.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.ReferenceWorker;
import com.salesrender.plugin.chat.api.WorkLease;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One held lease's loop, on plain threads: run, pause, run again while held; the end seen by {@code held()} and
 * {@code await}; a lease that runs out unrenewed; failures retried after the pause; a run that ignores the end
 * interrupted after the grace. The waits here are bounds for a broken loop, not measured speeds.
 */
class WorkRunTest {

    private static final PluginReference REFERENCE = new PluginReference("1", "chat", "7");
    private static final long BOUND_SECONDS = 30;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger finishes = new AtomicInteger();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** A run whose lease was claimed for {@code leaseMillis}: held for two thirds of it unless renewed. */
    private WorkRun run(ReferenceWorker worker, long leaseMillis, Duration grace) {
        return new WorkRun(
                worker,
                worker.name(),
                REFERENCE,
                "claim-1",
                System.currentTimeMillis() + leaseMillis,
                Duration.ofMillis(leaseMillis),
                grace,
                timer,
                r -> {
                    finishes.incrementAndGet();
                    finished.countDown();
                });
    }

    private static Thread start(WorkRun run) {
        Thread thread = new Thread(run, "test run");
        thread.start();
        return thread;
    }

    @Test
    void theWorkRunsAgainAfterEachPauseUnderOneLeaseUntilItEnds() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        CountDownLatch threeRuns = new CountDownLatch(3);
        Worker worker = new Worker(Duration.ofMillis(100)) {
            @Override
            public void run(PluginReference reference, WorkLease lease) {
                starts.add(System.nanoTime());
                threeRuns.countDown();
            }
        };
        WorkRun run = run(worker, 60_000, Duration.ofSeconds(5));
        start(run);
        assertTrue(threeRuns.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertTrue(run.held());
        assertTrue(run.end("the settings were saved again"));
        assertFalse(run.end("again"), "ended once");
        assertFalse(run.held());
        assertTrue(finished.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, finishes.get());
        assertEquals("the settings were saved again", run.endReason());
        for (int i = 1; i < starts.size(); i++) {
            assertTrue(
                    starts.get(i) - starts.get(i - 1) >= TimeUnit.MILLISECONDS.toNanos(100),
                    "the pause between two runs");
        }
        assertFalse(run.renewable(), "a finished run is not renewed");
    }

    @Test
    void aLongRunSeesTheEndInAwaitAndReturns() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        List<Boolean> answers = new CopyOnWriteArrayList<>();
        Worker worker = new Worker(Duration.ofHours(1)) {
            @Override
            public void run(PluginReference reference, WorkLease lease) throws InterruptedException {
                waiting.countDown();
                answers.add(lease.await(Duration.ofHours(1)));
            }
        };
        WorkRun run = run(worker, 60_000, Duration.ofSeconds(30));
        start(run);
        assertTrue(waiting.await(BOUND_SECONDS, TimeUnit.SECONDS));
        run.end("the server is stopping");
        assertTrue(finished.await(BOUND_SECONDS, TimeUnit.SECONDS), "await returned at the end, not after an hour");
        assertEquals(List.of(false), answers);
    }

    @Test
    void aLeaseThatIsNotRenewedStopsBeingHeldWhenItRunsOut() throws Exception {
        List<Boolean> answers = new CopyOnWriteArrayList<>();
        Worker worker = new Worker(Duration.ofHours(1)) {
            @Override
            public void run(PluginReference reference, WorkLease lease) throws InterruptedException {
                answers.add(lease.await(Duration.ofHours(1)));
            }
        };
        long claimed = System.currentTimeMillis();
        WorkRun run = run(worker, 600, Duration.ofSeconds(30));
        start(run);
        assertTrue(finished.await(BOUND_SECONDS, TimeUnit.SECONDS));
        long returned = System.currentTimeMillis();
        assertTrue(returned >= claimed + 400, "held for two thirds of the lease");
        assertEquals(List.of(false), answers);
        assertFalse(run.held());
        assertNull(run.endReason(), "nobody ended it: it ran out");
    }

    @Test
    void aRenewalKeepsTheLeaseHeldPastItsFirstEnd() throws Exception {
        Worker worker = new Worker(Duration.ofHours(1)) {
            @Override
            public void run(PluginReference reference, WorkLease lease) throws InterruptedException {
                lease.await(Duration.ofHours(1));
            }
        };
        WorkRun run = run(worker, 200, Duration.ofSeconds(30));
        run.renewed(System.currentTimeMillis() + 60_000);
        start(run);
        Thread.sleep(400);
        assertTrue(run.held(), "renewed past the first 200 ms");
        run.end("done");
        assertTrue(finished.await(BOUND_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void aRunThatThrowsRunsAgainAfterThePause() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        CountDownLatch threeRuns = new CountDownLatch(3);
        Worker worker = new Worker(Duration.ofMillis(100)) {
            @Override
            public void run(PluginReference reference, WorkLease lease) throws Exception {
                starts.add(System.nanoTime());
                threeRuns.countDown();
                throw new java.io.IOException("mailbox unreachable\nsecond line");
            }
        };
        WorkRun run = run(worker, 60_000, Duration.ofSeconds(5));
        start(run);
        assertTrue(threeRuns.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertTrue(run.held(), "a failure does not end the lease");
        run.end("done");
        assertTrue(finished.await(BOUND_SECONDS, TimeUnit.SECONDS));
        for (int i = 1; i < starts.size(); i++) {
            assertTrue(starts.get(i) - starts.get(i - 1) >= TimeUnit.MILLISECONDS.toNanos(100), "paused");
        }
    }

    @Test
    void aRunThatIgnoresTheEndIsInterruptedAfterTheGraceAndStopsBeingRenewed() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        Worker worker = new Worker(Duration.ZERO) {
            @Override
            public void run(PluginReference reference, WorkLease lease) {
                running.countDown();
                try {
                    Thread.sleep(TimeUnit.HOURS.toMillis(1)); // never looks at the lease
                } catch (InterruptedException e) {
                    seen.add("interrupted, held=" + lease.held());
                }
            }
        };
        WorkRun run = run(worker, 60_000, Duration.ofMillis(200));
        Thread thread = start(run);
        assertTrue(running.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertTrue(run.renewable(), "renewed while it winds down");
        run.end("the settings were saved again");
        assertTrue(finished.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of("interrupted, held=false"), seen);
        assertFalse(run.renewable(), "interrupted: its lease runs out");
        thread.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertFalse(thread.isInterrupted(), "the interrupt stays with the run");
    }

    @Test
    void anEndedRunIsNotStartedAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Worker worker = new Worker(Duration.ZERO) {
            @Override
            public void run(PluginReference reference, WorkLease lease) {
                runs.incrementAndGet();
            }
        };
        WorkRun run = run(worker, 60_000, Duration.ofSeconds(5));
        run.end("the server is stopping");
        start(run);
        assertTrue(finished.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertEquals(0, runs.get());
    }

    private abstract static class Worker implements ReferenceWorker {
        private final Duration pause;

        Worker(Duration pause) {
            this.pause = pause;
        }

        @Override
        public String name() {
            return "test-worker";
        }

        @Override
        public Duration pause() {
            return pause;
        }
    }
}
