package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.task.RetryPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How hard and how often a message is tried, and how long one attempt may hold it. */
@ApplicationScoped
public class ChatSendConfig {

    @Inject
    @ConfigProperty(name = "plugin.send.attempts", defaultValue = "100")
    int attempts;

    @Inject
    @ConfigProperty(name = "plugin.send.interval", defaultValue = "PT10S")
    Duration interval;

    /** Longer than any gateway call should take: after it, another worker may take the message over. */
    @Inject
    @ConfigProperty(name = "plugin.send.lease", defaultValue = "PT5M")
    Duration lease;

    private RetryPolicy retryPolicy;

    @PostConstruct
    void init() {
        retryPolicy = new RetryPolicy(attempts, interval);
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public Duration lease() {
        return lease;
    }
}
