package com.salesrender.plugin.chat.task;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The attempts running on this instance. While one runs, the leases of the tasks it claimed are renewed every third of
 * {@code plugin.task.lease}: a gateway call may take as long as it takes without another worker taking the task over,
 * while the claims of an instance that died (kill -9, power loss) run out within one lease and are taken over by the
 * next takeover sweep. At a stop, no new attempt starts and those running are waited for.
 */
@ApplicationScoped
public class Attempts {

    private static final Logger LOG = Logger.getLogger(Attempts.class.getName());

    @Inject
    @ConfigProperty(name = "plugin.task.lease")
    Duration lease;

    @Inject
    TaskStore store;

    @Inject
    TaskQueue queue;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Claims held by each running attempt (claim id to its task type), by attempt. */
    private final Map<Object, Map<String, Class<? extends Task>>> running = new ConcurrentHashMap<>();

    /**
     * Tasks stored claimed and handed on to an executor, from the hand-off until their attempt is over or their claim
     * went back: a stop waits for these too. Not waited for, one handed on just before a stop gave its claim back (or
     * tried to) after the process had begun to end, and waited a lease for the takeover sweep.
     */
    private final Set<Object> handedOn = ConcurrentHashMap.newKeySet();

    private final ThreadLocal<Object> current = new ThreadLocal<>();

    private volatile boolean stopping;

    private ScheduledFuture<?> renewals;

    /**
     * Made as the application starts, so that the renewals are scheduled in its context: made by a run's first accept,
     * they ran in that request's, long after it ended (the container closed, at each renewal, what that request had
     * left in it, and logged an error every time).
     */
    void started(@Observes @Initialized(ApplicationScoped.class) Object start) {}

    @PostConstruct
    void start() {
        long every = Math.max(200, lease.toMillis() / 3);
        renewals = scheduler.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void end() {
        renewals.cancel(false);
    }

    /**
     * Runs one attempt, unless this instance is stopping: answers false then, and nothing ran. The leases of what the
     * attempt claims are renewed until it returns.
     */
    public boolean run(Runnable attempt) {
        return run(new Object(), attempt);
    }

    private boolean run(Object self, Runnable attempt) {
        if (stopping) {
            return false;
        }
        running.put(self, new ConcurrentHashMap<>());
        current.set(self);
        try {
            if (stopping) {
                return false; // the stop began meanwhile and may have counted this one out
            }
            attempt.run();
            return true;
        } finally {
            current.remove();
            running.remove(self);
            ended();
        }
    }

    /** Wakes a stop waiting for the attempts. */
    private synchronized void ended() {
        notifyAll();
    }

    /**
     * Runs on {@code executor} the attempt at a task stored already claimed for it ({@link TaskStore#storeClaimed}) by
     * a transaction that has committed: no queue message, no claim of its own. Its lease is renewed from the attempt's
     * start, as if the attempt had claimed the task. One that cannot start (the executor refuses it, a stop has begun)
     * or waited a third of the lease before starting (another worker could take it over while it ran) gives its claim
     * back to the queue at once, its attempt not counted. {@code over} runs once the attempt is over or did not go.
     * Answers whether the executor took it; one it took counts in its reference's load as one queued
     * ({@link TaskQueue#countHandedOn}).
     */
    public <T extends Task> boolean runHandedOn(
            Executor executor, TaskKind<T> kind, Claim<T> claim, Runnable attempt, Runnable over) {
        long handedOnAt = System.nanoTime();
        Object self = new Object();
        handedOn.add(self);
        try {
            executor.execute(() -> {
                try {
                    boolean late = System.nanoTime() - handedOnAt > lease.toNanos() / 3;
                    if (late
                            || !run(self, () -> {
                                held(kind.type(), claim.claimId());
                                attempt.run();
                            })) {
                        giveBack(kind, claim);
                    }
                } catch (RuntimeException e) {
                    // Its outcome could not be written: the lease runs out and the takeover sweep queues the task.
                    LOG.log(Level.WARNING, about(kind, claim) + ": attempt failed", e);
                } finally {
                    over.run();
                    handedOn.remove(self);
                    ended();
                }
            });
            queue.countHandedOn(kind, claim.task());
            return true;
        } catch (RejectedExecutionException e) {
            over.run();
            giveBack(kind, claim);
            handedOn.remove(self);
            ended();
            return false;
        }
    }

    /** A task stored claimed whose attempt did not go: back to the queue, at once. */
    private <T extends Task> void giveBack(TaskKind<T> kind, Claim<T> claim) {
        try {
            store.release(kind, claim.task().id(), claim.claimId(), Duration.ZERO, null);
        } catch (RuntimeException e) {
            // The database is away: the claim's lease runs out and the takeover sweep queues the task.
            LOG.log(Level.WARNING, about(kind, claim) + " left to the takeover sweep", e);
        }
    }

    private static String about(TaskKind<?> kind, Claim<?> claim) {
        return kind.type().getSimpleName() + " " + claim.task().id();
    }

    /** The running attempt holds this claim now (called by the claim). */
    void held(Class<? extends Task> type, String claimId) {
        Object self = current.get();
        if (self != null) {
            Map<String, Class<? extends Task>> claims = running.get(self);
            if (claims != null) {
                claims.put(claimId, type);
            }
        }
    }

    /**
     * {@code work} as part of this thread's running attempt, wherever it runs: what it claims is renewed with this
     * attempt (an outcome written on another writer's thread, {@link Outcomes}).
     */
    <T> Supplier<T> asPartOfThisAttempt(Supplier<T> work) {
        Object self = current.get();
        return () -> {
            Object before = current.get();
            setCurrent(self);
            try {
                return work.get();
            } finally {
                setCurrent(before);
            }
        };
    }

    private void setCurrent(Object attempt) {
        if (attempt == null) {
            current.remove();
        } else {
            current.set(attempt);
        }
    }

    /** The lease every claim is given, and renewed to while its attempt runs. */
    public Duration lease() {
        return lease;
    }

    /** Whether a stop has begun: no attempt starts any more. */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Starts no attempt any more and waits, up to {@code grace}, for those running to end, and for the tasks handed on
     * to run or give their claim back. Answers how many were still running or handed on when the grace ran out (their
     * leases then run out and another worker, or this instance started again, takes them over).
     */
    public synchronized int stop(Duration grace) {
        stopping = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (!running.isEmpty() || !handedOn.isEmpty()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            try {
                wait(Math.min(left, 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Set<Object> left = new HashSet<>(running.keySet());
        left.addAll(handedOn); // a handed-on task whose attempt runs is in both
        return left.size();
    }

    /** One renewal round: every claim of every running attempt gets a full lease again, one update per task type. */
    private void renew() {
        Map<Class<? extends Task>, List<String>> byType = running.values().stream()
                .flatMap(claims -> claims.entrySet().stream())
                .collect(Collectors.groupingBy(
                        Map.Entry::getValue, Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        long until = System.currentTimeMillis() + lease.toMillis();
        byType.forEach((type, claims) -> {
            try {
                store.renew(type, Set.copyOf(claims), until);
            } catch (RuntimeException e) {
                // The database is away: the next round tries again; a lease that runs out meanwhile may be taken over.
                LOG.log(
                        Level.WARNING,
                        "Leases of " + claims.size() + " running " + type.getSimpleName() + " could not be renewed",
                        e);
            }
        });
    }
}
