package com.salesrender.plugin.chat.job;

import com.salesrender.plugin.chat.api.NotRegistered;
import com.salesrender.plugin.chat.api.PluginJob;
import com.salesrender.plugin.chat.api.PluginJobs;
import com.salesrender.plugin.chat.platform.Traces;
import com.salesrender.plugin.chat.registration.Registrations;
import com.salesrender.plugin.chat.task.TaskHistory;
import com.salesrender.plugin.chat.task.TaskQueue;
import jakarta.ejb.Local;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.Objects;

/** Stores plugin jobs as tasks and queues them with their delay: the {@link PluginJobs} plugin authors inject. */
@Stateless
@Local(PluginJobs.class)
public class ScheduledJobs implements PluginJobs {

    public static final String SCHEDULED = "SCHEDULED";

    @PersistenceContext
    EntityManager em;

    @Inject
    JobKind kind;

    @Inject
    JobHandlers handlers;

    @Inject
    Registrations registrations;

    @Inject
    TaskQueue queue;

    @Inject
    TaskHistory history;

    @Inject
    Traces traces;

    @Override
    public void schedule(PluginJob job, Duration delay) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("A job's delay must not be negative");
        }
        if (handlers.of(job.type()).isEmpty()) {
            throw new IllegalArgumentException("No PluginJobHandler runs jobs of type " + job.type());
        }
        if (!registrations.isRegistered(job.reference())) {
            throw new NotRegistered(job.reference());
        }
        long now = System.currentTimeMillis();
        ScheduledJob scheduled = new ScheduledJob(job, kind.retryPolicy().attemptLimit(), now, now + delay.toMillis());
        scheduled.traceContext(traces.current()); // a job scheduled by a send joins its message's trace
        em.persist(scheduled);
        history.record(scheduled, SCHEDULED, "Job " + job.type() + (delay.isZero() ? "" : ", due in " + delay));
        queue.enqueue(kind, scheduled, delay);
    }
}
