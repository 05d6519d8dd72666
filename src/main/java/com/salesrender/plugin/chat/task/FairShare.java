package com.salesrender.plugin.chat.task;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fair dispatch on a shared queue: each task message gets a JMS priority from how much its plugin reference queued
 * lately, so a reference with little recent work goes ahead of one draining a burst, and one reference's mass mailing
 * cannot delay another's conversations. Within a reference, fresh work goes ahead of its follow-ups (a message's later
 * statuses), which count two steps lower. The broker delivers higher priorities first and keeps the order among equal
 * ones.
 *
 * <p>A reference's load is the number of tasks it queued (or handed straight to a worker,
 * {@link TaskQueue#countHandedOn}), each counting less as it ages (halved every {@link #HALF_LIFE_MILLIS}), so a burst
 * stops weighing on its reference a minute after it ended, and the count needs no bookkeeping when a message is lost or
 * consumed. Priorities step by load in powers of four: about 1, 4, 16, 64, ... tasks queued in the last half-life. A
 * task the sweeper queues again gets its reference's share too: at the lowest priority, the tasks a crash left behind
 * waited minutes behind every reference's fresh work.
 */
public final class FairShare {

    /**
     * A follow-up's priority is this many steps lower: as if its reference had queued sixteen times as much. One step
     * was not enough: the first of a burst's trailing statuses, queued while the burst had not weighed yet, went ahead
     * of a fresh message's first status queued later.
     */
    static final int FOLLOW_UP_STEPS = 2;

    /** The JMS range is 0-9; 9 is the reference with no recent load. */
    static final int HIGHEST = 9;

    /** The lowest JMS priority, the floor of the steps. */
    static final int LOWEST = 0;

    static final long HALF_LIFE_MILLIS = 10_000;

    /** Loads below this no longer lower a priority, and are forgotten when the map is pruned. */
    private static final double NEGLIGIBLE = 0.5;

    private static final int PRUNE_EVERY = 4096;

    private final Map<String, Load> loads = new ConcurrentHashMap<>();
    private final AtomicInteger sincePrune = new AtomicInteger();

    /**
     * Counts one more task of this reference (on one queue: the key names both) and answers its priority, from the
     * reference's load before it.
     */
    public int priority(String key, boolean followUp, long now) {
        if (sincePrune.incrementAndGet() >= PRUNE_EVERY) {
            sincePrune.set(0);
            loads.values().removeIf(load -> load.at(now) < NEGLIGIBLE);
        }
        double before = loads.computeIfAbsent(key, k -> new Load()).add(now);
        return priorityAt(before, followUp);
    }

    /** How many references are remembered (for tests). */
    int remembered() {
        return loads.size();
    }

    /**
     * The priority of a task whose reference has this load: one step lower per power of four, two more if a follow-up.
     */
    static int priorityAt(double load, boolean followUp) {
        int steps = load < 1 ? 0 : 1 + (int) (Math.log(load) / Math.log(4));
        int priority = HIGHEST - steps - (followUp ? FOLLOW_UP_STEPS : 0);
        return Math.max(LOWEST, priority);
    }

    /** An exponentially decaying count. */
    private static final class Load {
        private double value;
        private long at;

        synchronized double add(long now) {
            double before = at(now);
            value = before + 1;
            at = Math.max(at, now);
            return before;
        }

        synchronized double at(long now) {
            if (value == 0) {
                return 0;
            }
            return value * Math.pow(0.5, Math.max(0, now - at) / (double) HALF_LIFE_MILLIS);
        }
    }
}
