package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.platform.MessageLog;
import com.salesrender.plugin.chat.task.RetryPolicy;
import com.salesrender.plugin.chat.task.TaskKind;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * Requests to the CRM as the task engine sees them: each endpoint (status, incoming) has its own attempts and fixed
 * interval, as the reference.
 */
@ApplicationScoped
public class CrmRequestKind implements TaskKind<CrmRequest> {

    public static final String QUEUE = "jms/chatPlugin/crmQueue";

    private static final Logger LOG = Logger.getLogger(CrmRequestKind.class.getName());

    @Inject
    @ConfigProperties
    CrmRequestOptions options;

    @Inject
    CrmRequestMetrics metrics;

    private Map<CrmEndpoint, RetryPolicy> policies;

    @PostConstruct
    void init() {
        policies = Map.of(
                CrmEndpoint.STATUS, new RetryPolicy(options.statusAttempts, options.statusInterval),
                CrmEndpoint.INCOMING, new RetryPolicy(options.incomingAttempts, options.incomingInterval));
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
    public RetryPolicy retryPolicy(CrmRequest request) {
        return retryPolicy(request.endpoint());
    }

    public RetryPolicy retryPolicy(CrmEndpoint endpoint) {
        return policies.get(endpoint);
    }

    @Override
    public String queueLabel() {
        return "crm_request";
    }

    @Override
    public boolean aboutMessages() {
        return true;
    }

    /** Queued (or sent at once) for the CRM when stored: what it carries. */
    @Override
    public FirstEvent firstEvent(CrmRequest request) {
        return new FirstEvent(
                "QUEUED",
                request.status() != null
                        ? "Status " + request.status().wireName() + " for the CRM"
                        : "Incoming message for the CRM");
    }

    /**
     * Delivered and read follow up a status the CRM has or will have: a fresh message's first status (or error) and a
     * customer's reply go ahead of them.
     */
    @Override
    public boolean isFollowUp(CrmRequest request) {
        return request.status() == MessageStatus.DELIVERED || request.status() == MessageStatus.READ;
    }

    @Override
    public void retrying(CrmRequest request) {
        metrics.retried(request.endpoint());
    }

    /** Its last attempt failed, or its worker died during it (the sweeper gives it up). */
    @Override
    public void givenUp(CrmRequest request) {
        metrics.givenUp(request.endpoint());
        MessageLog.warning(
                LOG,
                request.reference(),
                request.messageId(),
                () -> "Request " + request.endpoint()
                        + " to the CRM of " + request.reference() + " for message " + request.messageId()
                        + " given up after "
                        + request.attemptNumber() + " attempts: " + request.lastError());
    }
}
