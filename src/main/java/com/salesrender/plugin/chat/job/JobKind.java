package com.salesrender.plugin.chat.job;

import com.salesrender.plugin.chat.platform.MessageLog;
import com.salesrender.plugin.chat.task.RetryPolicy;
import com.salesrender.plugin.chat.task.TaskKind;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** Plugin jobs as the task engine sees them: their queue, and how often a failing one is tried again. */
@ApplicationScoped
public class JobKind implements TaskKind<ScheduledJob> {

    public static final String QUEUE = "jms/chatPlugin/jobQueue";

    private static final Logger LOG = Logger.getLogger(JobKind.class.getName());

    @Inject
    @ConfigProperties
    JobOptions options;

    private RetryPolicy retryPolicy;

    @PostConstruct
    void init() {
        retryPolicy = new RetryPolicy(
                options.attempts,
                options.interval,
                2,
                options.maxInterval.compareTo(options.interval) < 0 ? options.interval : options.maxInterval,
                0.2);
    }

    @Override
    public Class<ScheduledJob> type() {
        return ScheduledJob.class;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public String queueLabel() {
        return "plugin_job";
    }

    @Override
    public RetryPolicy retryPolicy(ScheduledJob job) {
        return retryPolicy;
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** A job scheduled for a message shows in its history (its first line, SCHEDULED, is recorded). */
    @Override
    public boolean aboutMessages() {
        return true;
    }

    @Override
    public void givenUp(ScheduledJob job) {
        MessageLog.warning(
                LOG,
                job.reference(),
                job.messageId(),
                () -> "Job " + job.type() + " of " + job.reference()
                        + (job.messageId() == null ? "" : " for message " + job.messageId()) + " given up after "
                        + job.attemptNumber() + " attempts: " + job.lastError());
    }
}
