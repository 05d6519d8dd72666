package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.platform.AfterCommit;
import com.salesrender.plugin.chat.platform.MillisecondsHistogram;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The figures of the requests to the CRM on {@code /metrics}: {@code chat_crm_requests_total{kind,outcome}}, how each
 * attempt ended, and {@code chat_crm_request_milliseconds{kind}} (with buckets: {@link MillisecondsHistogram}), each
 * HTTP exchange, {@code chat_crm_requests_straight_total{kind}}, the attempts that went straight ({@link DirectRoute}),
 * and {@code chat_crm_route_pauses_total}, the times a CRM's straight route was paused. {@code kind} is the endpoint
 * ({@code status}, {@code incoming}); no label names a company or a message.
 */
@ApplicationScoped
public class CrmRequestMetrics {

    /** How an attempt ended, as the label {@code outcome} says it. */
    enum Outcome {
        /** The CRM answered its success code. */
        SENT,
        /** The CRM answered a stop code: dropped for good. */
        REFUSED,
        /** Failed (another code, no answer), another attempt scheduled. */
        RETRIED,
        /** Failed with no attempt left, or expired before the CRM took it. */
        GIVEN_UP;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Inject
    MetricRegistry registry;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private final Map<CrmEndpoint, Map<Outcome, Counter>> outcomes = new EnumMap<>(CrmEndpoint.class);
    private final Map<CrmEndpoint, MillisecondsHistogram> exchanges = new EnumMap<>(CrmEndpoint.class);
    private final Map<CrmEndpoint, Counter> straight = new EnumMap<>(CrmEndpoint.class);
    private Counter routePauses;

    /** Observing the start creates the bean, so every series is on /metrics (at zero) before the first request. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object start) {}

    @PostConstruct
    void register() {
        Metadata requests = Metadata.builder()
                .withName("chat_crm_requests")
                .withDescription("Attempts of requests to the CRM by endpoint and how each ended: sent (success code),"
                        + " refused (a stop code), retried (failed, tried again later), given_up (failed with no"
                        + " attempt left, or expired unsent)")
                .build();
        for (CrmEndpoint endpoint : CrmEndpoint.values()) {
            Tag kind = new Tag("kind", kind(endpoint));
            Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                counters.put(outcome, registry.counter(requests, kind, new Tag("outcome", outcome.label())));
            }
            outcomes.put(endpoint, counters);
            exchanges.put(
                    endpoint,
                    MillisecondsHistogram.register(
                            registry,
                            "chat_crm_request_milliseconds",
                            "Milliseconds of each HTTP exchange with the CRM, answered or not",
                            kind));
        }
        Metadata straightRequests = Metadata.builder()
                .withName("chat_crm_requests_straight")
                .withDescription("Attempts of requests sent right after they were stored, without the CRM requests'"
                        + " queue: statuses by the send worker after the send's outcome or after a report outside a"
                        + " transaction, customer messages after a forward outside one (counted in"
                        + " chat_crm_requests_total too)")
                .build();
        for (CrmEndpoint endpoint : CrmEndpoint.values()) {
            straight.put(endpoint, registry.counter(straightRequests, new Tag("kind", kind(endpoint))));
        }
        routePauses = registry.counter(Metadata.builder()
                .withName("chat_crm_route_pauses")
                .withDescription("Times a straight status request's exchange got no answer, an error or a slow answer,"
                        + " after which that CRM's status requests went through the queue for a while")
                .build());
    }

    /** The label {@code kind} of an endpoint's requests. */
    static String kind(CrmEndpoint endpoint) {
        return endpoint.name().toLowerCase(Locale.ROOT);
    }

    /** One HTTP exchange, however it ended (an answer, no answer, the deadline). */
    void exchanged(CrmEndpoint endpoint, long nanos) {
        exchanges.get(endpoint).record(nanos / 1_000_000);
    }

    /** An attempt that went straight, without the queue ({@link DirectRoute}). */
    void straight(CrmEndpoint endpoint) {
        straight.get(endpoint).inc();
    }

    /** How many attempts went straight, for the test window. */
    long straightCount() {
        return straight.values().stream().mapToLong(Counter::getCount).sum();
    }

    /** A straight request's exchange paused the route to its CRM ({@link DirectRoute}). */
    void routePaused() {
        routePauses.inc();
    }

    /** How many times a route was paused, for the test window. */
    long routePauseCount() {
        return routePauses.getCount();
    }

    void sent(CrmEndpoint endpoint) {
        outcomes.get(endpoint).get(Outcome.SENT).inc();
    }

    void refused(CrmEndpoint endpoint) {
        outcomes.get(endpoint).get(Outcome.REFUSED).inc();
    }

    /** Counted once the transaction that schedules the next attempt commits. */
    void retried(CrmEndpoint endpoint) {
        AfterCommit.run(transactions, outcomes.get(endpoint).get(Outcome.RETRIED)::inc);
    }

    /** Counted once the transaction that gives the request up commits. */
    void givenUp(CrmEndpoint endpoint) {
        AfterCommit.run(transactions, outcomes.get(endpoint).get(Outcome.GIVEN_UP)::inc);
    }
}
