package com.salesrender.plugin.chat.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.PluginReference;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A task stored claimed and handed on to an executor ({@link Attempts#runHandedOn}): it runs as an attempt, or, when it
 * cannot, its claim goes back to the queue at once; either way its place is given back once.
 */
class AttemptsTest {

    private final Attempts attempts = new Attempts();
    private final Released store = new Released();
    private final Probe task = new Probe();
    private final Claim<Probe> claim = new Claim<>(task, "claim-1");
    private final AtomicInteger ran = new AtomicInteger();
    private final AtomicInteger over = new AtomicInteger();

    /** The tasks counted in their reference's load, as the queue's fair share would count them. */
    private final List<String> counted = new ArrayList<>();

    AttemptsTest() {
        attempts.store = store;
        attempts.lease = Duration.ofSeconds(30);
        attempts.queue = (TaskQueue) Proxy.newProxyInstance(
                TaskQueue.class.getClassLoader(), new Class<?>[] {TaskQueue.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("countHandedOn")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    counted.add(((Task) args[1]).id());
                    return null;
                });
    }

    @Test
    void aTaskHandedOnRunsAsAnAttemptThatAStopWaitsFor() {
        List<Runnable> later = new ArrayList<>();
        assertTrue(attempts.runHandedOn(
                later::add,
                new ProbeKind(),
                claim,
                () -> {
                    ran.incrementAndGet();
                    assertEquals(1, attempts.stop(Duration.ZERO), "a stop counts the running attempt");
                },
                over::incrementAndGet));
        assertEquals(0, over.get(), "the place is held until the attempt is over");
        later.forEach(Runnable::run);
        assertEquals(1, ran.get());
        assertEquals(1, over.get());
        assertEquals(List.of(), store.released);
        assertEquals(List.of(task.id()), counted, "it counts in its reference's load as one queued");
    }

    @Test
    void aTaskTheExecutorRefusesGoesBackToTheQueue() {
        Executor refusing = work -> {
            throw new RejectedExecutionException("full");
        };
        assertFalse(
                attempts.runHandedOn(refusing, new ProbeKind(), claim, ran::incrementAndGet, over::incrementAndGet));
        assertEquals(0, ran.get());
        assertEquals(1, over.get());
        assertEquals(List.of(task.id() + "/claim-1"), store.released);
    }

    @Test
    void aTaskWhoseAttemptStartsAfterAStopBeganGoesBackToTheQueue() {
        List<Runnable> later = new ArrayList<>();
        assertTrue(
                attempts.runHandedOn(later::add, new ProbeKind(), claim, ran::incrementAndGet, over::incrementAndGet));
        attempts.stop(Duration.ZERO);
        later.forEach(Runnable::run);
        assertEquals(0, ran.get());
        assertEquals(1, over.get());
        assertEquals(List.of(task.id() + "/claim-1"), store.released);
    }

    /**
     * A task handed on just before a stop, its attempt not started yet: the stop waits until its claim went back, so
     * that the process does not end first and leave the claim to the takeover sweep a lease later.
     */
    @Test
    void aStopWaitsForATaskHandedOnToGiveItsClaimBack() throws InterruptedException {
        List<Runnable> later = new ArrayList<>();
        assertTrue(
                attempts.runHandedOn(later::add, new ProbeKind(), claim, ran::incrementAndGet, over::incrementAndGet));
        AtomicInteger left = new AtomicInteger(-1);
        Thread stop = new Thread(() -> left.set(attempts.stop(Duration.ofSeconds(30))));
        stop.start();
        stop.join(300);
        assertTrue(stop.isAlive(), "the stop waits while a task handed on has neither run nor given its claim back");
        assertEquals(List.of(), store.released);
        later.forEach(Runnable::run); // the executor gets to it: the stop has begun, so it gives its claim back
        stop.join(30_000);
        assertFalse(stop.isAlive());
        assertEquals(0, left.get(), "nothing left running");
        assertEquals(0, ran.get());
        assertEquals(List.of(task.id() + "/claim-1"), store.released);
    }

    @Test
    void aStopWhoseGraceRunsOutCountsTheTasksHandedOn() {
        List<Runnable> later = new ArrayList<>();
        attempts.runHandedOn(later::add, new ProbeKind(), claim, ran::incrementAndGet, over::incrementAndGet);
        assertEquals(1, attempts.stop(Duration.ofMillis(50)), "one handed on and never started");
    }

    @Test
    void aTaskThatWaitedAThirdOfItsLeaseGoesBackToTheQueue() throws InterruptedException {
        attempts.lease = Duration.ofMillis(30);
        List<Runnable> later = new ArrayList<>();
        attempts.runHandedOn(later::add, new ProbeKind(), claim, ran::incrementAndGet, over::incrementAndGet);
        Thread.sleep(20); // more than a third of the lease: another worker could take it over while it ran
        later.forEach(Runnable::run);
        assertEquals(0, ran.get());
        assertEquals(1, over.get());
        assertEquals(List.of(task.id() + "/claim-1"), store.released);
    }

    @Test
    void aClaimThatCannotBeGivenBackIsLeftToTheTakeoverSweep() {
        store.away = true;
        Executor refusing = work -> {
            throw new RejectedExecutionException("full");
        };
        assertFalse(
                attempts.runHandedOn(refusing, new ProbeKind(), claim, ran::incrementAndGet, over::incrementAndGet));
        assertEquals(1, over.get(), "the place is given back all the same");
    }

    /** The store's release, recorded; or failing, as with the database away. */
    private static final class Released extends TaskStore {

        final List<String> released = new ArrayList<>();
        boolean away;

        @Override
        public <T extends Task> boolean release(
                TaskKind<T> kind, String id, String claimId, Duration delay, String reason) {
            if (away) {
                throw new IllegalStateException("the database is away");
            }
            released.add(id + "/" + claimId);
            return true;
        }
    }

    private static final class Probe extends Task {

        Probe() {
            super(3, System.currentTimeMillis());
        }

        @Override
        public PluginReference reference() {
            return new PluginReference("1", "acme", "7");
        }

        @Override
        public String messageId() {
            return "m-1";
        }
    }

    private static final class ProbeKind implements TaskKind<Probe> {

        @Override
        public Class<Probe> type() {
            return Probe.class;
        }

        @Override
        public String queueLabel() {
            return "probe";
        }

        @Override
        public String queue() {
            return "jms/probe";
        }

        @Override
        public RetryPolicy retryPolicy(Probe task) {
            throw new UnsupportedOperationException();
        }
    }
}
