package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.task.RetryPolicy;
import com.salesrender.plugin.chat.task.TaskKind;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Requests to the CRM as the task engine sees them. Each request's attempt limit is its endpoint's. */
@ApplicationScoped
public class CrmRequestKind implements TaskKind<CrmRequest> {

    public static final String QUEUE = "jms/chatPlugin/crmQueue";

    private static final Logger LOG = Logger.getLogger(CrmRequestKind.class.getName());

    @Inject
    @ConfigProperty(name = "plugin.crm.interval")
    Duration interval;

    private RetryPolicy retryPolicy;

    @PostConstruct
    void init() {
        retryPolicy = new RetryPolicy(Integer.MAX_VALUE, interval);
    }

    @Override
    public Class<CrmRequest> type() {
        return CrmRequest.class;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The HTTP timeout is 30 s; a worker holding a request for two minutes is gone. */
    @Override
    public Duration lease() {
        return Duration.ofMinutes(2);
    }

    @Override
    public void givenUp(CrmRequest request) {
        LOG.warning(() -> "Request " + request.endpoint() + " to the CRM of " + request.reference() + " given up after "
                + request.attemptNumber() + " attempts: " + request.lastError());
    }
}
