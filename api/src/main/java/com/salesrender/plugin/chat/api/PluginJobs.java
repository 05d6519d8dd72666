package com.salesrender.plugin.chat.api;

import java.time.Duration;

/**
 * Schedules work for later that must survive a restart, a crash or a {@code kill -9}: a status to report in a few
 * seconds, a reply to forward, a file to fetch. The core provides the bean; the job is stored in the database like an
 * outgoing message, runs on one instance once it is due (any instance sharing the database), and is retried when its
 * handler throws:
 *
 * <pre>
 * &#64;Inject PluginJobs jobs;
 * ...
 * jobs.schedule(new PluginJob(outgoing.reference(), "delivery-check", gatewayId, outgoing.messageId()),
 *         Duration.ofSeconds(30));
 * </pre>
 *
 * Called inside a transaction (from a running {@link PluginJobHandler}, say), the job is stored with it and nothing is
 * scheduled if it rolls back; otherwise it is stored at once. A {@link PluginJobHandler} for its type must exist.
 */
public interface PluginJobs {

    /**
     * Stores the job to run once {@code delay} has passed (zero: as soon as a worker is free).
     *
     * @throws IllegalArgumentException when no {@link PluginJobHandler} runs jobs of its type, or the delay is negative
     * @throws NotRegistered when its plugin reference is not registered
     */
    void schedule(PluginJob job, Duration delay);
}
