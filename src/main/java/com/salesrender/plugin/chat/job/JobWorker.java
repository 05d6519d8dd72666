package com.salesrender.plugin.chat.job;

import com.salesrender.plugin.chat.api.PluginJobHandler;
import com.salesrender.plugin.chat.api.RetryLater;
import com.salesrender.plugin.chat.platform.Traces;
import com.salesrender.plugin.chat.task.Claim;
import com.salesrender.plugin.chat.task.TaskStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One attempt of one job: claim it, run its handler with the job's end, record a failure. */
@ApplicationScoped
public class JobWorker {

    private static final Logger LOG = Logger.getLogger(JobWorker.class.getName());

    /** On a job's span: its type (the plugin's own few names). */
    private static final AttributeKey<String> JOB_TYPE = AttributeKey.stringKey("chat.job.type");

    @Inject
    TaskStore store;

    @Inject
    JobKind kind;

    @Inject
    JobHandlers handlers;

    @Inject
    JobRunner runner;

    @Inject
    Traces traces;

    public void attempt(String jobId) {
        Optional<Claim<ScheduledJob>> claim = store.claim(kind, jobId);
        if (claim.isEmpty()) {
            return; // done, held by another worker, or not due
        }
        ScheduledJob job = claim.get().task();
        String claimId = claim.get().claimId();
        Optional<PluginJobHandler> handler = handlers.of(job.type());
        if (handler.isEmpty()) {
            // Scheduled by an earlier version of the plugin that had a handler for it.
            store.fail(kind, jobId, claimId, "No PluginJobHandler runs jobs of type " + job.type());
            return;
        }
        traces.waited(
                "plugin job queue wait", job.traceContext(), job.nextAttemptAt(), job.lastAttemptAt(), job.reference());
        Span run = Traces.about(traces.span("plugin job", SpanKind.INTERNAL, job.traceContext()), job.reference())
                .setAttribute(JOB_TYPE, job.type())
                .setAttribute(Traces.TASK, job.id())
                .setAttribute(Traces.ATTEMPT, (long) job.attemptNumber())
                .startSpan();
        if (job.messageId() != null) {
            run.setAttribute(Traces.MESSAGE, job.messageId());
        }
        JobRunner.Outcome outcome;
        try (Scope scope = run.makeCurrent()) {
            outcome = runner.run(claim.get(), handler.get());
            if (outcome.failure() != null && !(outcome.failure() instanceof RetryLater)) {
                Traces.failed(run, outcome.failure());
            }
        } finally {
            run.end();
        }
        if (outcome.failure() instanceof RetryLater later) {
            Duration after = later.after().isNegative() ? Duration.ZERO : later.after();
            store.release(
                    kind,
                    jobId,
                    claimId,
                    after,
                    "The job asked to retry after " + after.toMillis() + " ms: " + later.getMessage());
        } else if (outcome.failure() != null) {
            Exception failure = outcome.failure();
            String reason = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
            LOG.log(Level.FINE, "Job " + job.type() + " of " + job.reference() + " failed", failure);
            store.fail(kind, jobId, claimId, reason);
        }
    }
}
