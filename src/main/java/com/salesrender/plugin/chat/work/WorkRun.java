package com.salesrender.plugin.chat.work;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.ReferenceWorker;
import com.salesrender.plugin.chat.api.WorkLease;
import com.salesrender.plugin.chat.platform.Stopping;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One lease held by this instance, and the loop that runs its work on a thread of its own: {@link ReferenceWorker#run},
 * then {@link ReferenceWorker#pause()}, again and again while the lease is held. It ends when its holder
 * {@linkplain #end ends} it (the settings were saved again, the lease was lost, the server stops) or when the lease
 * runs out unrenewed; a run that has not returned {@code grace} after the end is interrupted.
 */
final class WorkRun implements WorkLease, Runnable {

    private static final Logger LOG = Logger.getLogger(WorkRun.class.getName());

    /** The longest exception message logged for a failed run. */
    private static final int MAX_LOGGED_MESSAGE = 300;

    private final ReferenceWorker worker;
    private final String name;
    private final PluginReference reference;
    private final String claimId;
    private final long marginMillis;
    private final Duration grace;
    private final ScheduledExecutorService timer;
    private final Consumer<WorkRun> finished;

    /** Until when the lease is held for sure (epoch ms): its last renewal's end. */
    private volatile long heldUntil;

    /** Ended by its holder: not held any more, whatever the lease's time. */
    private volatile boolean ended;

    // Guarded by this.
    private String endReason;
    private Thread thread;
    private boolean done;
    private boolean interrupted;

    /**
     * @param heldUntil the end of the lease as claimed (epoch ms)
     * @param lease the length of a lease: the run stops holding it once less than a third of it is left unrenewed
     * @param finished called on the run's thread once the loop is over, to release the lease
     */
    WorkRun(
            ReferenceWorker worker,
            String name,
            PluginReference reference,
            String claimId,
            long heldUntil,
            Duration lease,
            Duration grace,
            ScheduledExecutorService timer,
            Consumer<WorkRun> finished) {
        this.worker = worker;
        this.name = name;
        this.reference = reference;
        this.claimId = claimId;
        this.heldUntil = heldUntil;
        this.marginMillis = lease.toMillis() / 3;
        this.grace = grace;
        this.timer = timer;
        this.finished = finished;
    }

    String name() {
        return name;
    }

    PluginReference reference() {
        return reference;
    }

    String claimId() {
        return claimId;
    }

    /**
     * Held until its holder ends it, the server stops, or only a third of the lease is left unrenewed (two renewals
     * failed): a run that returns then has that third to do so before another instance may take the work.
     */
    @Override
    public boolean held() {
        return !ended && !Stopping.underway() && System.currentTimeMillis() < heldUntil - marginMillis;
    }

    @Override
    public boolean await(Duration time) throws InterruptedException {
        long deadline = System.nanoTime() + nanos(time);
        synchronized (this) {
            while (held()) {
                long untilDeadline = deadline - System.nanoTime();
                long untilExpiry = TimeUnit.MILLISECONDS.toNanos(heldUntil - marginMillis - System.currentTimeMillis());
                long wait = Math.min(untilDeadline, untilExpiry);
                if (wait <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, wait);
            }
        }
        return held();
    }

    /** A duration in nanoseconds, as long as {@code System.nanoTime()} arithmetic allows (about 146 years). */
    private static long nanos(Duration time) {
        if (time.isNegative()) {
            return 0;
        }
        return time.compareTo(Duration.ofDays(365L * 100)) > 0 ? TimeUnit.DAYS.toNanos(365L * 100) : time.toNanos();
    }

    /** The lease was renewed up to {@code until}. */
    void renewed(long until) {
        heldUntil = Math.max(heldUntil, until);
    }

    /**
     * Ends the lease for the work ({@link #held()} turns false, a waiting {@link #await} returns); the run gets
     * {@code grace} to return before it is interrupted. Answers whether this call ended it (false: it was already).
     */
    boolean end(String reason) {
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            endReason = reason;
            notifyAll();
        }
        try {
            timer.schedule(this::interruptIfRunning, grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The server is going down: its stop interrupts what still runs.
            LOG.log(Level.FINE, "No timer for the interrupt of " + this, e);
        }
        return true;
    }

    /** Why the lease was ended, or null while it was not. */
    synchronized String endReason() {
        return endReason;
    }

    /**
     * Whether the lease is to be renewed: until the loop is over, even after the end (so no other instance starts the
     * work while this run winds down), but not once the run had to be interrupted.
     */
    synchronized boolean renewable() {
        return !done && !interrupted;
    }

    /** Interrupts the run if it is still going (its grace is over). */
    synchronized void interruptIfRunning() {
        if (!done && thread != null && !interrupted) {
            interrupted = true;
            LOG.warning(() -> "Background work " + name + " for " + reference + " did not return within " + grace
                    + " after its lease ended (" + endReason + "): interrupted");
            thread.interrupt();
        }
    }

    @Override
    public void run() {
        Thread self = Thread.currentThread();
        String threadName = self.getName();
        synchronized (this) {
            thread = self;
        }
        self.setName("work " + name + " " + reference);
        try {
            loop();
        } finally {
            synchronized (this) {
                done = true;
            }
            // An interrupt meant for this run must not reach the next task of this pool thread.
            Thread.interrupted();
            self.setName(threadName);
            finished.accept(this);
        }
    }

    private void loop() {
        try {
            while (held()) {
                try {
                    worker.run(reference, this);
                } catch (Exception e) {
                    if (!held()) {
                        // Thrown while it was winding down (interrupted, a connection closed under it): the end.
                        LOG.log(Level.FINE, "Background work " + name + " for " + reference + " ended by", e);
                        return;
                    }
                    failed(e);
                    // A stray interrupt (not ours: the lease is held) would cut every pause short.
                    Thread.interrupted();
                }
                if (!await(pause())) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // Interrupted in a pause: the grace after the end is over, or something else wants the thread back.
            Thread.currentThread().interrupt();
        }
    }

    private Duration pause() {
        Duration pause = worker.pause();
        return pause == null || pause.isNegative() ? Duration.ZERO : pause;
    }

    /** One line, no stack trace: a worker that keeps failing logs once per pause. */
    private void failed(Exception e) {
        String message = e.getMessage() == null
                ? ""
                : ": " + e.getMessage().replaceAll("\\s+", " ").strip();
        if (message.length() > MAX_LOGGED_MESSAGE) {
            message = message.substring(0, MAX_LOGGED_MESSAGE) + "...";
        }
        LOG.warning("Background work " + name + " for " + reference + " failed ("
                + e.getClass().getName() + message + "); it runs again in " + pause());
        LOG.log(Level.FINE, "Background work " + name + " for " + reference + " failed", e);
    }

    @Override
    public String toString() {
        return "background work " + name + " for " + reference;
    }
}
