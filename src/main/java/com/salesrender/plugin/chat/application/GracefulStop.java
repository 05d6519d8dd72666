package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.platform.FailedStart;
import com.salesrender.plugin.chat.platform.ProcessEnd;
import com.salesrender.plugin.chat.platform.Stopping;
import com.salesrender.plugin.chat.task.Attempts;
import com.salesrender.plugin.chat.work.BackgroundWork;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sun.misc.Signal;

/**
 * A stop as systemd, Kubernetes and Ctrl+C ask for it (SIGTERM, SIGINT), on Payara Micro: new requests are answered 503
 * with {@code Retry-After} and readiness turns DOWN at once; no new attempt starts (queue messages go back to the
 * queue); the attempts running (gateway calls, requests to the CRM, plugin jobs) get {@code plugin.shutdown.grace} to
 * end and record their outcome, and the plugin's background work sees its leases end and gets the same grace to return
 * (then it is interrupted); requests already let in finish; then the process exits with status 0. An attempt still
 * running after the grace keeps its claim until its lease runs out, then it is taken over. A second signal ends the
 * process at once.
 *
 * <p>Payara Micro's own shutdown on SIGTERM would undeploy the plugin while requests still arrive (answered 500 or with
 * HTML 503 pages) and stop the message-driven beans under running attempts: the plugin takes the signal instead. On a
 * full Payara Server the server owns its signals; undeploying the plugin then waits for the attempts the same way.
 */
@Startup
@Singleton
@DependsOn("BackgroundWork") // destroyed after this bean: an undeployment's stop still finds the background work
public class GracefulStop {

    private static final Logger LOG = Logger.getLogger(GracefulStop.class.getName());

    /** Requests let in before the stop began get this long to finish after the attempts ended. */
    private static final Duration REQUESTS_GRACE = Duration.ofSeconds(5);

    @Inject
    Attempts attempts;

    @Inject
    BackgroundWork work;

    @Inject
    @ConfigProperty(name = "plugin.shutdown.grace")
    Duration grace;

    @Resource
    ManagedThreadFactory threads;

    private final AtomicBoolean signalled = new AtomicBoolean();

    @PostConstruct
    void listen() {
        if (!FailedStart.onPayaraMicro()) {
            return;
        }
        takeOver("TERM");
        takeOver("INT");
    }

    /** A signal the JVM was started to ignore (SIGINT of a process started in the background) stays ignored. */
    private void takeOver(String name) {
        try {
            Signal.handle(new Signal(name), this::signalled);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(
                    Level.WARNING,
                    "SIG" + name + " cannot be taken over: a stop by it will not wait for the attempts running",
                    e);
        }
    }

    private void signalled(Signal signal) {
        if (!signalled.compareAndSet(false, true)) {
            LOG.warning("Second SIG" + signal.getName() + ": the plugin stops now");
            ProcessEnd.now(0);
            return;
        }
        // Not on the signal thread: it must stay free for a second signal.
        threads.newThread(this::stopAndExit).start();
    }

    private void stopAndExit() {
        try {
            LOG.info(() -> "Stopping: new requests are answered 503; the attempts running get " + grace + " to end");
            int left = drain();
            int requests = StopGate.awaitIdle(REQUESTS_GRACE);
            if (left > 0 || requests > 0) {
                LOG.warning(left + " attempts and background runs still running after " + grace
                        + " (their leases run out and another worker" + " takes them over); " + requests
                        + " requests still in progress");
            } else {
                LOG.info("Stopped: every attempt ended");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "The stop did not end cleanly", e);
        } finally {
            ProcessEnd.now(0);
        }
    }

    private int drain() {
        Stopping.begin();
        long deadline = System.nanoTime() + grace.toNanos();
        work.end(); // the plugin's background work winds down alongside the attempts, within the same grace
        int left = attempts.stop(grace);
        return left + work.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** Undeployed (a full server's stop, or a redeployment): the same wait, without ending the process. */
    @PreDestroy
    void undeployed() {
        if (!signalled.get()) {
            drain();
        }
    }
}
