package com.salesrender.plugin.chat.access;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@code chat_crm_key_fetches_total{outcome}} on {@code /metrics}: fetches of the CRM's public keys that
 * {@link CrmKeyFetch} made ({@code fetched}, {@code failed}) or refused without trying ({@code refused}: too many at
 * once). Tokens answered from what an earlier fetch gave are not fetches.
 */
@ApplicationScoped
public class KeyFetchMetrics {

    @Inject
    MetricRegistry registry;

    private Counter fetched;
    private Counter failed;
    private Counter refused;

    /** Observing the start creates the bean, so the series are on /metrics (at zero) before the first fetch. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object start) {}

    @PostConstruct
    void register() {
        Metadata fetches = Metadata.builder()
                .withName("chat_crm_key_fetches")
                .withDescription("Fetches of the CRM's public keys: fetched; failed (an error, a bad answer); refused"
                        + " (plugin.crm.key-fetch.concurrent running already, not tried)")
                .build();
        fetched = registry.counter(fetches, new Tag("outcome", "fetched"));
        failed = registry.counter(fetches, new Tag("outcome", "failed"));
        refused = registry.counter(fetches, new Tag("outcome", "refused"));
    }

    void fetched() {
        fetched.inc();
    }

    void failed() {
        failed.inc();
    }

    void refused() {
        refused.inc();
    }
}
