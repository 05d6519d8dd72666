package com.salesrender.plugin.chat.task;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Claims held by each running attempt (claim id to its task type), by attempt. */
    private final Map<Object, Map<String, Class<? extends Task>>> running = new ConcurrentHashMap<>();

    private final ThreadLocal<Object> current = new ThreadLocal<>();

    private volatile boolean stopping;

    private ScheduledFuture<?> renewals;

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
        if (stopping) {
            return false;
        }
        Object self = new Object();
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
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Runs, as {@link #run(Runnable)} does, an attempt at a task stored already claimed for it
     * ({@link TaskStore#storeClaimed}) on another thread: the claim's lease is renewed from here on, as if the attempt
     * had claimed it itself.
     */
    public boolean run(Class<? extends Task> type, String claimId, Runnable attempt) {
        return run(() -> {
            held(type, claimId);
            attempt.run();
        });
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

    /** The lease every claim is given, and renewed to while its attempt runs. */
    public Duration lease() {
        return lease;
    }

    /** Whether a stop has begun: no attempt starts any more. */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Starts no attempt any more and waits, up to {@code grace}, for those running to end. Answers how many were still
     * running when the grace ran out (their leases then run out and another worker, or this instance started again,
     * takes them over).
     */
    public synchronized int stop(Duration grace) {
        stopping = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (!running.isEmpty()) {
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
        return running.size();
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
