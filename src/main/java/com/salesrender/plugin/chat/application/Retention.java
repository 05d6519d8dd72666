package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.crm.GatewayIds;
import com.salesrender.plugin.chat.crm.IncomingOptions;
import com.salesrender.plugin.chat.crm.StatusReports;
import com.salesrender.plugin.chat.platform.Batches;
import com.salesrender.plugin.chat.platform.OneRunAtATime;
import com.salesrender.plugin.chat.task.TaskKind;
import com.salesrender.plugin.chat.task.TaskState;
import com.salesrender.plugin.chat.task.TaskStore;
import com.salesrender.plugin.chat.upload.UploadRetention;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * What the database keeps, and for how long: every 10 minutes, tasks that ended well (DONE) are deleted with their
 * history after {@code plugin.retention.done}, those that ended without success (FAILED: attempts spent; DROPPED:
 * refused by the receiver, expired or superseded) after {@code plugin.retention.failed}, a message's status record once
 * it is older than both, uploads after {@code plugin.retention.uploads}, and the gateway ids of forwarded incoming
 * messages after {@code plugin.incoming.dedup-retention}. Small batches, each its own short transaction, read by index;
 * the rows deleted are counted on {@code /metrics} as {@code chat_retention_deleted_total{table="..."}}.
 */
@Startup
@Singleton
@DependsOn("Migrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class.getName());

    /** Rows per transaction: each delete holds its locks for a moment only. */
    static final int BATCH = 100;

    static final String[] TABLES = {
        "chat_send_task", "crm_request", "plugin_job", "task_event", "message_status", "upload", "incoming_gateway_id"
    };

    @Inject
    @ConfigProperties
    RetentionOptions kept;

    @Inject
    TaskStore tasks;

    @Inject
    @Any
    Instance<TaskKind<?>> kinds;

    @Inject
    StatusReports statuses;

    @Inject
    UploadRetention uploads;

    @Inject
    GatewayIds gatewayIds;

    @Inject
    @ConfigProperties
    IncomingOptions incoming;

    @Inject
    MetricRegistry registry;

    private final Map<String, Counter> deleted = new ConcurrentHashMap<>();
    private final OneRunAtATime runs = new OneRunAtATime();

    /** Every series is on /metrics (at zero) from the start. */
    @PostConstruct
    void register() {
        for (String table : TABLES) {
            counter(table);
        }
    }

    private Counter counter(String table) {
        return deleted.computeIfAbsent(
                table,
                t -> registry.counter(
                        Metadata.builder()
                                .withName("chat_retention_deleted")
                                .withDescription("Rows deleted by retention (plugin.retention.*), by table")
                                .build(),
                        new Tag("table", t)));
    }

    @Schedule(hour = "*", minute = "*/10", persistent = false)
    void everyTenMinutes() {
        purge(System.currentTimeMillis());
    }

    /**
     * Deletes what is past its retention with the clock at {@code now} (epoch ms); answers the rows deleted by table.
     * Skipped (all zero) while another run is going. A failure stops this run only: the next one goes on.
     */
    public Map<String, Integer> purge(long now) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, 0);
        }
        runs.run(() -> purge(now, counts));
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (total > 0) {
            LOG.fine(() -> "Retention deleted " + counts); // counted on /metrics
        }
        return counts;
    }

    private void purge(long now, Map<String, Integer> counts) {
        try {
            for (TaskKind<?> kind : kinds) {
                String table = kind.type().getAnnotation(Table.class).name();
                purgeTasks(kind, TaskState.DONE, now - kept.done().toMillis(), table, counts);
                purgeTasks(kind, TaskState.DROPPED, now - kept.failed().toMillis(), table, counts);
                purgeTasks(kind, TaskState.FAILED, now - kept.failed().toMillis(), table, counts);
            }
            long statusesBefore =
                    now - Math.max(kept.done().toMillis(), kept.failed().toMillis());
            add(
                    counts,
                    "message_status",
                    Batches.untilShort(BATCH, () -> statuses.purgeUnchangedSince(statusesBefore, BATCH)));
            add(counts, "upload", uploads.purge(now - kept.uploads().toMillis()));
            long idsBefore = now - incoming.dedupRetention().toMillis();
            add(
                    counts,
                    "incoming_gateway_id",
                    Batches.untilShort(BATCH, () -> gatewayIds.deleteForwardedBefore(idsBefore, BATCH)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Retention stopped, the next run goes on: " + e.getMessage(), e);
        }
    }

    private void purgeTasks(TaskKind<?> kind, TaskState state, long before, String table, Map<String, Integer> counts) {
        // A batch is full by the tasks it read: some may have stayed (replayed meanwhile), and more may follow them.
        Batches.untilShort(BATCH, () -> {
            TaskStore.Purged batch = tasks.purgeEnded(kind, state, before, BATCH);
            add(counts, table, batch.tasks());
            add(counts, "task_event", batch.events());
            return batch.read();
        });
    }

    private void add(Map<String, Integer> counts, String table, int rows) {
        if (rows > 0) {
            counts.merge(table, rows, Integer::sum);
            counter(table).inc(rows);
        }
    }
}
