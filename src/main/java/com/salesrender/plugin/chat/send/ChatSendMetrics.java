package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.platform.AfterCommit;
import com.salesrender.plugin.chat.platform.MillisecondsHistogram;
import com.salesrender.plugin.chat.platform.RecentReading;
import com.salesrender.plugin.chat.task.TaskState;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The outgoing-message figures on {@code /metrics} (application scope). Prometheus shows them as
 * {@code chat_messages_accepted_total}, {@code chat_accepts_written_total}, {@code chat_accept_commits_total},
 * {@code chat_messages_sent_total}, {@code chat_messages_attempts_failed_total}, {@code chat_messages_retried_total},
 * {@code chat_messages_given_up_total}, {@code chat_send_tasks{state="..."}},
 * {@code chat_messages_accept_to_sender_milliseconds} and {@code chat_sender_milliseconds} (with buckets:
 * {@link MillisecondsHistogram}). Events recorded inside a transaction count only once it commits.
 */
@ApplicationScoped
public class ChatSendMetrics {

    /** The state gauges query the database at most this often, however often /metrics is scraped. */
    static final Duration STATE_COUNTS_MAX_AGE = Duration.ofSeconds(5);

    @Inject
    MetricRegistry registry;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @PersistenceContext
    EntityManager em;

    @Inject
    ChatSendMetrics self; // its proxy: the count runs in a transaction

    private Counter accepted;
    private Counter acceptsWritten;
    private Counter acceptCommits;
    private Counter sent;
    private Counter straight;
    private Counter attemptsFailed;
    private Counter retried;
    private Counter givenUp;
    private Histogram acceptToSender;
    private MillisecondsHistogram senderCalls;

    /** Where the database is read for the gauges, off the scrape's thread. */
    @Resource
    ManagedExecutorService reads;

    private RecentReading<Map<TaskState, Long>> stateCounts;

    /**
     * Created at start (below), so every series is on /metrics (at zero) before the first message. Registered on
     * construction, not in the start event: a queue message left from before a restart can reach a worker (and this
     * bean) before that event.
     */
    void start(@Observes @Initialized(ApplicationScoped.class) Object start) {
        // Observing the start is what creates the bean (and so registers the metrics) at start.
    }

    @PostConstruct
    void register() {
        stateCounts = new RecentReading<>(STATE_COUNTS_MAX_AGE, Map.of(), self::countStates, reads);
        accepted = counter(
                "chat_messages_accepted",
                "Outgoing messages accepted from the CRM and stored (repeated ids not counted)");
        acceptsWritten = counter(
                "chat_accepts_written",
                "Accepts of outgoing messages written to the database (repeated ids included: looked up, not stored)");
        acceptCommits = counter(
                "chat_accept_commits",
                "Transactions that wrote those accepts: messages accepted at the same moment share one");
        sent = counter("chat_messages_sent", "Outgoing messages the ChatSender took (returned normally)");
        straight = counter(
                "chat_messages_sent_straight",
                "Outgoing messages whose first attempt started straight from their accept, not through the send queue");
        attemptsFailed = counter("chat_messages_attempts_failed", "ChatSender calls that threw (each failed attempt)");
        retried = counter(
                "chat_messages_retried",
                "Outgoing messages scheduled for another try: after a failed attempt, or on RetryLater");
        givenUp = counter(
                "chat_messages_given_up",
                "Outgoing messages given up after their last attempt, or at once when Undeliverable (now FAILED)");
        // A histogram of milliseconds, not a Timer: Payara exports a Timer's sum in seconds but its max and
        // quantiles in nanoseconds (with or without a unit), which no dashboard could read right.
        acceptToSender = registry.histogram(Metadata.builder()
                .withName("chat_messages_accept_to_sender_milliseconds")
                .withDescription("Milliseconds from a message's acceptance to the ChatSender's first call with it")
                .build());
        senderCalls = MillisecondsHistogram.register(
                registry,
                "chat_sender_milliseconds",
                "Milliseconds of each ChatSender call, whatever its end (sent, threw, RetryLater, Undeliverable)");
        for (TaskState state : TaskState.values()) {
            registry.gauge(
                    Metadata.builder()
                            .withName("chat_send_tasks")
                            .withDescription("Outgoing messages by state, counted in the database (at most "
                                    + STATE_COUNTS_MAX_AGE.toSeconds() + " s old)")
                            .build(),
                    this,
                    metrics -> metrics.count(state),
                    new Tag("state", state.name()));
        }
    }

    private Counter counter(String name, String description) {
        return registry.counter(
                Metadata.builder().withName(name).withDescription(description).build());
    }

    void accepted() {
        afterCommit(accepted::inc);
    }

    /** A transaction of {@link AcceptGroups} committed with this many accepts. */
    void acceptsCommitted(int accepts) {
        acceptsWritten.inc(accepts);
        acceptCommits.inc();
    }

    /** Measured on the first attempt only: later ones wait for their retry time on purpose. */
    void reachingSender(ChatSendTask task) {
        if (task.attemptNumber() == 1) {
            acceptToSender.update(Math.max(0, System.currentTimeMillis() - task.createdAt()));
        }
    }

    /** Every call, however it ended: a slow gateway shows here before its messages fail. */
    void senderCalled(long nanos) {
        senderCalls.record(nanos / 1_000_000);
    }

    void straight() {
        straight.inc();
    }

    void sent() {
        sent.inc();
    }

    void attemptFailed() {
        attemptsFailed.inc();
    }

    void retried() {
        retried.inc();
    }

    void givenUp() {
        afterCommit(givenUp::inc);
    }

    private void afterCommit(Runnable count) {
        AfterCommit.run(transactions, count);
    }

    private long count(TaskState state) {
        return stateCounts.get().getOrDefault(state, 0L);
    }

    /** In a transaction: outside any, the container's entity manager is tied to the context the task was made in. */
    @Transactional
    Map<TaskState, Long> countStates() {
        Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        em.createQuery("SELECT t.state, COUNT(t) FROM ChatSendTask t GROUP BY t.state", Object[].class)
                .getResultList()
                .forEach(row -> counts.put((TaskState) row[0], ((Number) row[1]).longValue()));
        return counts;
    }
}
