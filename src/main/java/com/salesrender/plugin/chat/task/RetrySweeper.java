package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.platform.Batches;
import com.salesrender.plugin.chat.platform.OneRunAtATime;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The safety net under the JMS fast path, every minute, for every kind of task: tasks that are due but whose message
 * never came (lost, broker restarted; a message the queue still holds is only waiting its turn) or whose worker died
 * mid-attempt (stuck, as {@link TaskStore} defines it) are queued again, and a task whose last attempt never finished
 * is given up. The database is the truth.
 */
@Startup
@Singleton
@DependsOn("Migrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RetrySweeper {

    private static final Logger LOG = Logger.getLogger(RetrySweeper.class.getName());
    private static final int BATCH = 500;

    @Inject
    TaskStore store;

    @Inject
    TaskQueue queue;

    @Inject
    Attempts attempts;

    @Inject
    @Any
    Instance<TaskKind<?>> kinds;

    private final OneRunAtATime sweeps = new OneRunAtATime();

    @Resource
    TimerService timers;

    /** When this instance started: what was queued before may have been lost with its broker. */
    private long startedAt;

    @PostConstruct
    void start() {
        startedAt = System.currentTimeMillis();
        timers.createSingleActionTimer(1, new TimerConfig(null, false));
    }

    /**
     * Once, right after start: due tasks queued before it are queued again without waiting for
     * {@code plugin.queue.stale-after}, since the embedded broker's messages are not persistent and a crash took them
     * along. The sweep every minute then goes on as usual.
     */
    @Timeout
    void afterStart() {
        sweepQueuedBefore(startedAt);
    }

    /** Queues again every due task whose last queue message went out before {@code before}; answers how many. */
    public int sweepQueuedBefore(long before) {
        return sweepQueuedBefore(before, true, "queued before the start");
    }

    /**
     * After a broker's loss: queues again every due task whose last queue message went out before {@code before}, also
     * those whose message the brokers left still list. In a broker cluster such a message may be one its broker had
     * handed to a consumer connected through the lost broker: listed, and delivered to no one until that broker
     * returns. A task whose message does come after all finds itself claimed or done.
     */
    public int sweepAfterBrokerLoss(long before) {
        return sweepQueuedBefore(before, false, "queued before a broker's loss");
    }

    private int sweepQueuedBefore(long before, boolean browse, String which) {
        int all = 0;
        for (TaskKind<?> kind : kinds) {
            try {
                Supplier<Set<String>> waiting = browse ? waiting(kind) : Set::of;
                all += requeueAll(kind, () -> store.sweepEnqueuedBefore(kind, before, BATCH, waiting), which);
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "Sweep of " + kind.type().getSimpleName() + " " + which
                                + " failed; the sweep every minute will catch up",
                        e);
            }
        }
        return all;
    }

    /**
     * Not once a stop has begun: what a sweep would queue again is the next start's (or another instance's), and a
     * sweep then only met the closing database pool, a warning with a stack trace at every stop.
     */
    @Schedule(hour = "*", minute = "*", second = "0", persistent = false)
    void everyMinute() {
        if (!attempts.stopping()) {
            sweep();
        }
    }

    /**
     * Every 10 s, the claims whose worker stopped renewing them (it died) are queued again: a crashed instance's
     * messages go on within a lease and a few seconds, and their chats with them, not after the minute's sweep.
     */
    @Schedule(hour = "*", minute = "*", second = "5/10", persistent = false)
    void takeOver() {
        if (attempts.stopping()) {
            return;
        }
        for (TaskKind<?> kind : kinds) {
            try {
                giveUpAbandoned(kind);
                requeueAll(kind, () -> store.takeOver(kind, BATCH), "whose worker died");
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "Takeover sweep of " + kind.type().getSimpleName() + " failed; the next one will try again",
                        e);
            }
        }
    }

    /** Runs one sweep (skipped if one is already running); answers how many tasks were queued again. */
    public int sweep() {
        return sweeps.run(
                () -> {
                    int total = 0;
                    for (TaskKind<?> kind : kinds) {
                        total += sweep(kind);
                    }
                    return total;
                },
                0);
    }

    private int sweep(TaskKind<?> kind) {
        String name = kind.type().getSimpleName();
        try {
            giveUpAbandoned(kind);
            Supplier<Set<String>> waiting = waiting(kind);
            return requeueAll(kind, () -> store.sweep(kind, BATCH, waiting), "");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Retry sweep of " + name + " failed; the next one will try again", e);
            return 0;
        }
    }

    /**
     * The tasks whose message the queue holds now: a due task among them is waiting its turn in a deep queue, not lost.
     * Browsed at most once a sweep, and only if a stale task is found. None when the broker cannot be browsed: then
     * every stale task is queued again.
     */
    private Supplier<Set<String>> waiting(TaskKind<?> kind) {
        AtomicReference<Set<String>> browsed = new AtomicReference<>();
        return () -> browsed.updateAndGet(
                ids -> ids != null ? ids : queue.waiting(kind).orElse(Set.of()));
    }

    /**
     * Tasks whose worker died during their last attempt are given up (no outcome was recorded, and none may follow).
     */
    private void giveUpAbandoned(TaskKind<?> kind) {
        List<String> abandoned = store.giveUpAbandoned(kind, BATCH);
        if (!abandoned.isEmpty()) {
            LOG.warning(() -> abandoned.size() + " " + kind.type().getSimpleName()
                    + " given up: their last attempt never finished");
        }
    }

    /** Runs {@code batch} (one sweep of at most {@link #BATCH} tasks) until a batch is not full; answers the total. */
    private static int requeueAll(TaskKind<?> kind, IntSupplier batch, String which) {
        int total = Batches.untilShort(BATCH, batch);
        if (total > 0) {
            int count = total;
            String name = kind.type().getSimpleName();
            LOG.info(() -> count + " due " + name + (which.isEmpty() ? "" : " " + which) + " queued again");
        }
        return total;
    }
}
