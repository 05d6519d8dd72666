package com.salesrender.plugin.chat.work;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.ReferenceWorker;
import com.salesrender.plugin.chat.api.Settings;
import com.salesrender.plugin.chat.api.SettingsSaved;
import com.salesrender.plugin.chat.platform.FailedStart;
import com.salesrender.plugin.chat.platform.Ids;
import com.salesrender.plugin.chat.platform.OneRunAtATime;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The plugin's {@link ReferenceWorker}s on this instance. Every {@code plugin.work.tick} it ends its runs whose company
 * saved its settings again, then takes the free leases of work it has threads for: a registered reference with saved
 * settings that the worker {@linkplain ReferenceWorker#runsFor runs for}, whose lease nobody holds (never taken,
 * released, or run out because its instance died). Each lease taken runs on a thread of its own ({@link WorkRun}) and
 * is renewed every third of {@code plugin.work.lease} until the run is over, then released so that any instance may
 * take it at once. A save on this instance ({@link SettingsSaved}) brings the next tick forward; other instances see
 * the new saved time in the database at their next tick.
 */
@Startup
@Singleton
@DependsOn("Migrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BackgroundWork {

    private static final Logger LOG = Logger.getLogger(BackgroundWork.class.getName());

    /** References read per query while looking for free work. */
    private static final int PAGE = 500;

    @Inject
    @Any
    Instance<ReferenceWorker> found;

    @Inject
    @ConfigProperties
    WorkOptions options;

    @Inject
    @ConfigProperty(name = "plugin.shutdown.grace")
    Duration grace;

    @Inject
    WorkStore store;

    @Inject
    Settings settings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedThreadFactory threads;

    /** This instance, as its leases name it. */
    private final String instance = Ids.random();

    /** The plugin's workers, each with its name as read (and checked) at start. */
    private final List<Worker> workers = new ArrayList<>();

    private record Worker(ReferenceWorker bean, String name) {}

    /** The runs on this instance by reference and worker: at most one each. */
    private final Map<String, WorkRun> runs = new ConcurrentHashMap<>();

    /**
     * The settings' saved time at which a worker did not run for a reference, by reference and worker: asked again only
     * once the company saves other settings.
     */
    private final Map<String, Long> notFor = new ConcurrentHashMap<>();

    private final OneRunAtATime ticks = new OneRunAtATime();

    /** A tick was asked for while one was going: it goes once more. */
    private final AtomicBoolean again = new AtomicBoolean();

    /** The database could not be read at the last tick or renewal (logged once until it can). */
    private final AtomicBoolean unreachable = new AtomicBoolean();

    private volatile boolean stopping;

    private ThreadPoolExecutor pool;

    private final List<ScheduledFuture<?>> schedules = new ArrayList<>();

    @PostConstruct
    void start() {
        String wrong = options.problem();
        if (wrong != null) {
            throw FailedStart.stop(wrong, new IllegalArgumentException(wrong));
        }
        List<ReferenceWorker> beans = new ArrayList<>();
        found.forEach(beans::add);
        Optional<String> badNames = WorkerNames.problem(beans);
        if (badNames.isPresent()) {
            throw FailedStart.stop(badNames.get(), new IllegalStateException(badNames.get()));
        }
        if (beans.isEmpty()) {
            return; // nothing to look for: no timer, no thread
        }
        beans.forEach(bean -> workers.add(new Worker(bean, bean.name())));
        // Runs are started only while fewer than plugin.work.threads are going; one may wait a moment in the queue
        // for the thread of a run that is just over.
        pool = new ThreadPoolExecutor(
                options.threads, options.threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
        long tick = options.tick.toMillis();
        long renewal = Math.max(200, options.lease.toMillis() / 3);
        schedules.add(scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS));
        schedules.add(scheduler.scheduleWithFixedDelay(this::renew, renewal, renewal, TimeUnit.MILLISECONDS));
        LOG.info(() ->
                "Background work: " + workers.stream().map(Worker::name).toList() + "; this instance is " + instance);
    }

    /** This instance's id, as the leases it holds name it. */
    public String instance() {
        return instance;
    }

    /** A save on this instance: its run of the company's work ends now rather than at the next tick. */
    public void saved(@Observes(during = TransactionPhase.AFTER_SUCCESS) SettingsSaved saved) {
        if (!workers.isEmpty()) {
            try {
                scheduler.execute(this::tick);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "The tick after a save waits for the next one", e);
            }
        }
    }

    /**
     * One look for work now (the timer's, or one asked for); answers whether it ran (false: one was going, and goes
     * once more).
     */
    public boolean tick() {
        again.set(true);
        boolean ran = false;
        while (again.getAndSet(false)) {
            if (!ticks.run(this::tickOnce)) {
                return ran;
            }
            ran = true;
        }
        return ran;
    }

    private void tickOnce() {
        if (stopping || workers.isEmpty()) {
            return;
        }
        try {
            endOutdated();
            claimFree();
            reachable();
        } catch (RuntimeException e) {
            unreachable(e);
        }
    }

    /** Ends the runs of this instance whose company saved its settings again since they were claimed. */
    private void endOutdated() {
        Map<String, WorkRun> live = new HashMap<>();
        runs.values().stream().filter(WorkRun::held).forEach(run -> live.put(run.claimId(), run));
        for (String claim : store.outdated(live.keySet())) {
            live.get(claim).end("the settings were saved again");
        }
    }

    /** Takes the free leases this instance has threads for. */
    private void claimFree() {
        long now = System.currentTimeMillis();
        for (Worker worker : workers) {
            for (int first = 0; freeThreads() > 0 && !stopping; first += PAGE) {
                List<WorkStore.Free> page = store.free(worker.name(), now, first, PAGE);
                for (WorkStore.Free free : page) {
                    if (freeThreads() <= 0 || stopping) {
                        return;
                    }
                    claim(worker, free);
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
    }

    private int freeThreads() {
        return options.threads - runs.size();
    }

    private void claim(Worker worker, WorkStore.Free free) {
        String name = worker.name();
        PluginReference reference = free.reference();
        String key = StoredReference.key(reference, name);
        if (runs.containsKey(key) || Long.valueOf(free.settingsVersion()).equals(notFor.get(key))) {
            return; // running here (maybe winding down), or not for these settings
        }
        if (!runsFor(worker, reference)) {
            notFor.put(key, free.settingsVersion());
            return;
        }
        notFor.remove(key);
        Optional<WorkStore.Claimed> claimed =
                store.claim(reference, name, free.settingsVersion(), instance, options.lease);
        if (claimed.isEmpty()) {
            return; // another instance was quicker, or the settings changed meanwhile
        }
        WorkStore.Claimed lease = claimed.get();
        if (lease.takenFrom() != null) {
            LOG.info(() -> "Background work " + name + " for " + reference + " taken over from instance "
                    + lease.takenFrom() + ", whose lease ran out");
        }
        WorkRun run = new WorkRun(
                worker.bean(),
                name,
                reference,
                lease.claimId(),
                lease.until(),
                options.lease,
                grace,
                scheduler,
                r -> finished(key, r));
        runs.put(key, run);
        if (stopping) {
            run.end("the server is stopping"); // the stop began meanwhile and may have missed it
        }
        try {
            pool.execute(run);
        } catch (RuntimeException e) {
            runs.remove(key);
            store.release(lease.claimId());
            throw e;
        }
    }

    /** Whether the worker runs for the reference's settings as they are now; a worker that throws does not. */
    private boolean runsFor(Worker worker, PluginReference reference) {
        try {
            return worker.bean().runsFor(settings.of(reference));
        } catch (RuntimeException e) {
            LOG.warning(() -> "Background work " + worker.name() + " does not run for " + reference
                    + " until its settings are saved again: runsFor failed ("
                    + e.getClass().getName() + ")");
            return false;
        }
    }

    /**
     * A run's loop is over: its lease is released, and the next tick may take the work up again (here or elsewhere).
     */
    private void finished(String key, WorkRun run) {
        try {
            store.release(run.claimId());
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "The lease of " + run + " could not be released: it runs out in " + options.lease,
                    e);
        } finally {
            runs.remove(key, run);
        }
        LOG.fine(() -> "Background work " + run.name() + " for " + run.reference() + " ended: " + run.endReason());
        if (!stopping) {
            try {
                scheduler.execute(this::tick);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "The tick after an end waits for the next one", e);
            }
        }
    }

    /**
     * Renews the leases of the runs on this instance (including those winding down, until they return); a run whose
     * lease was taken by another instance, or could not be renewed before it ran out, ends.
     */
    private void renew() {
        Map<String, WorkRun> renewable = new HashMap<>();
        runs.values().stream().filter(WorkRun::renewable).forEach(run -> renewable.put(run.claimId(), run));
        if (renewable.isEmpty()) {
            return;
        }
        long until = System.currentTimeMillis() + options.lease.toMillis();
        try {
            Set<String> kept = store.renew(renewable.keySet(), until);
            renewable.forEach((claim, run) -> {
                if (kept.contains(claim)) {
                    run.renewed(until);
                } else {
                    run.end("its lease was taken by another instance");
                }
            });
            reachable();
        } catch (RuntimeException e) {
            unreachable(e);
            renewable.values().stream()
                    .filter(run -> !run.held())
                    .forEach(run -> run.end("its lease could not be renewed in time"));
        }
    }

    private void unreachable(RuntimeException e) {
        if (unreachable.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "Background work: the leases could not be read or renewed; trying again", e);
        } else {
            LOG.log(Level.FINE, "Background work: the leases could not be read or renewed", e);
        }
    }

    private void reachable() {
        if (unreachable.compareAndSet(true, false)) {
            LOG.info("Background work: the leases are read and renewed again");
        }
    }

    /**
     * Begins the stop: no lease is taken any more, and every run's lease ends ({@link ReferenceWorker} code sees
     * {@code held()} turn false).
     */
    public void end() {
        stopping = true;
        runs.values().forEach(run -> run.end("the server is stopping"));
    }

    /**
     * Stops (see {@link #end()}) and waits up to {@code wait} for the runs to return and release their leases; then
     * interrupts those still running. Answers how many were still running (their leases run out, then another instance
     * takes the work over).
     */
    public int stop(Duration wait) {
        end();
        long deadline = System.nanoTime() + wait.toNanos();
        awaitNoRuns(deadline);
        if (!runs.isEmpty()) {
            runs.values().forEach(WorkRun::interruptIfRunning);
            awaitNoRuns(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        }
        return runs.size();
    }

    private void awaitNoRuns(long deadline) {
        while (!runs.isEmpty() && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @PreDestroy
    void undeployed() {
        schedules.forEach(schedule -> schedule.cancel(false));
        if (pool != null) {
            stop(grace);
            pool.shutdownNow();
        }
    }
}
