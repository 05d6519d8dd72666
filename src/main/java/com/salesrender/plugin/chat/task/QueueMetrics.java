package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.platform.RecentReading;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * How each queue is doing, from the database, on {@code /metrics}: {@code chat_queue_oldest_due_seconds{queue}}, how
 * long the task due longest has waited (a queue whose figure keeps growing is not being worked), and
 * {@code chat_tasks_stuck{queue}}, the tasks running past their lease (their worker died; the takeover sweep queues
 * them again). {@code queue} is each kind's {@link TaskKind#queueLabel()}.
 */
@ApplicationScoped
public class QueueMetrics {

    /** The database is asked at most this often, however often /metrics is scraped. */
    static final Duration MAX_AGE = Duration.ofSeconds(5);

    @Inject
    MetricRegistry registry;

    @PersistenceContext
    EntityManager em;

    @Inject
    QueueMetrics self; // its proxy: the reads run in a transaction

    @Inject
    @Any
    Instance<TaskKind<?>> kinds;

    @Inject
    @ConfigProperty(name = "plugin.task.lease")
    Duration lease;

    /** What one look at a queue's table found. */
    record Figures(double oldestDueSeconds, long stuck) {
        static final Figures NONE = new Figures(0, 0);
    }

    /** Where the database is read, off the scrape's thread. */
    @Resource
    ManagedExecutorService reads;

    private RecentReading<Map<String, Figures>> figures;

    private List<TaskKind<?>> all;

    /** Observing the start creates the bean, so the series are on /metrics before the first scrape. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object start) {}

    @PostConstruct
    void register() {
        all = kinds.stream().toList();
        figures = new RecentReading<>(MAX_AGE, Map.of(), self::readAll, reads);
        Metadata oldestDue = Metadata.builder()
                .withName("chat_queue_oldest_due_seconds")
                .withDescription("Seconds the oldest due task of the queue (queued, its time passed) has waited; 0 when"
                        + " none is due (read from the database at most every " + MAX_AGE.toSeconds() + " s)")
                .build();
        Metadata stuck = Metadata.builder()
                .withName("chat_tasks_stuck")
                .withDescription("Tasks of the queue running past their lease: their worker died (read from the"
                        + " database at most every " + MAX_AGE.toSeconds() + " s)")
                .build();
        for (TaskKind<?> kind : all) {
            String queue = kind.queueLabel();
            Tag tag = new Tag("queue", queue);
            registry.gauge(oldestDue, this, metrics -> metrics.of(queue).oldestDueSeconds(), tag);
            registry.gauge(stuck, this, metrics -> metrics.of(queue).stuck(), tag);
        }
    }

    private Figures of(String queue) {
        return figures.get().getOrDefault(queue, Figures.NONE);
    }

    /**
     * Two queries per table, each one range of an index: (state, next_attempt_at) and (state, lease_until). In a
     * transaction: outside any, the container's entity manager is tied to the context the task was made in.
     */
    @Transactional
    Map<String, Figures> readAll() {
        long now = System.currentTimeMillis();
        Map<String, Figures> read = new HashMap<>();
        for (TaskKind<?> kind : all) {
            Class<? extends Task> type = kind.type();
            double oldestDue = em.createQuery(TaskQuery.OLDEST_DUE.jpql(type), Long.class)
                    .setParameter("queued", TaskState.QUEUED)
                    .setParameter("now", now)
                    .setMaxResults(1)
                    .getResultStream()
                    .findFirst()
                    .map(dueAt -> Math.max(0, now - dueAt) / 1000.0)
                    .orElse(0.0);
            // As the admin page's stuck running ones (TaskStore.countStuck): lease run out, last queued a lease ago.
            long stuck = em.createQuery(TaskQuery.COUNT_STUCK_RUNNING.jpql(type), Long.class)
                    .setParameter("running", TaskState.RUNNING)
                    .setParameter("now", now)
                    .setParameter("stale", now - lease.toMillis())
                    .getSingleResult();
            read.put(kind.queueLabel(), new Figures(oldestDue, stuck));
        }
        return read;
    }
}
