package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.Uploads;
import com.salesrender.plugin.chat.platform.GroupTransaction;
import com.salesrender.plugin.chat.task.RetrySweeper;
import com.salesrender.plugin.chat.task.TaskState;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/** Test-only window on the CRM requests of the deployed plugin (in the test WAR, never in the product). */
@Stateless
@Path("test-probe/crm")
@Produces(MediaType.APPLICATION_JSON)
public class CrmProbe {

    @PersistenceContext
    EntityManager em;

    @EJB
    CrmProbe self;

    @Resource
    ManagedExecutorService executor;

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource dataSource;

    @Inject
    CrmRequests requests;

    @Inject
    Uploads uploads;

    @Inject
    RetrySweeper sweeper;

    @Inject
    StatusReports statuses;

    @Inject
    StatusRecords records;

    @Inject
    DirectRoute route;

    @Inject
    GroupTransaction group;

    @Inject
    GatewayIds gatewayIds;

    @Inject
    CrmRequestMetrics metrics;

    /** Lifts the route's pauses (another test's failing CRM paused it) and answers how many requests went straight. */
    @POST
    @Path("route/open")
    public String openRoute() {
        route.reopen();
        return straight();
    }

    @GET
    @Path("route")
    public String straight() {
        return Json.createObjectBuilder()
                .add("straight", metrics.straightCount())
                .add("pauses", metrics.routePauseCount())
                .build()
                .toString();
    }

    @GET
    @Path("requests/{company}")
    public String requests(@PathParam("company") String company) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        em.createQuery(
                        "SELECT r FROM CrmRequest r WHERE r.reference.companyId = :c ORDER BY r.createdAt",
                        CrmRequest.class)
                .setParameter("c", company)
                .getResultList()
                .forEach(r -> array.add(Json.createObjectBuilder()
                        .add("endpoint", r.endpoint().name())
                        .add("messageId", String.valueOf(r.messageId()))
                        .add("status", r.status() == null ? "" : r.status().wireName())
                        .add("state", r.state().name())
                        .add("attempts", r.attemptNumber())
                        .add("limit", r.attemptLimit())
                        .add("lastError", String.valueOf(r.lastError()))));
        return array.build().toString();
    }

    /**
     * Reports {@code status} for {@code count} messages of this reference, {@code prefix}-0 on, one after the other, as
     * a webhook does: outside a transaction, each stored at once.
     */
    @POST
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    @Path("report/{company}/{alias}/{plugin}")
    public String report(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @QueryParam("status") String status,
            @QueryParam("count") int count,
            @QueryParam("prefix") String prefix) {
        PluginReference reference = new PluginReference(company, alias, plugin);
        MessageStatus reported = MessageStatus.valueOf(status.toUpperCase(Locale.ROOT));
        for (int i = 0; i < count; i++) {
            statuses.report(reference, prefix + "-" + i, reported);
        }
        return Json.createObjectBuilder().add("reported", count).build().toString();
    }

    /** Points a registration at another cluster URI, as one stored before issuers were checked as they are now. */
    @POST
    @Path("cluster-uri/{company}/{alias}/{plugin}")
    public String clusterUri(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @QueryParam("uri") String uri) {
        int updated = em.createQuery("UPDATE Registration r SET r.clusterUri = :uri WHERE r.reference.companyId = :c"
                        + " AND r.reference.pluginAlias = :a AND r.reference.pluginId = :p")
                .setParameter("uri", uri)
                .setParameter("c", company)
                .setParameter("a", alias)
                .setParameter("p", plugin)
                .executeUpdate();
        return Json.createObjectBuilder().add("updated", updated).build().toString();
    }

    /**
     * A status request stored with no queue message, as when a crash struck between its commit and the send (or the
     * broker lost it): only a sweep brings it to a worker.
     */
    @POST
    @Path("lost-status/{company}/{alias}/{plugin}")
    public String lostStatus(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @QueryParam("message") String message) {
        CrmRequest request = CrmRequest.status(
                new PluginReference(company, alias, plugin), message, MessageStatus.SENT, System.currentTimeMillis());
        request.limitAttempts(5);
        em.persist(request);
        return Json.createObjectBuilder().add("id", request.id()).build().toString();
    }

    /** A status request made 301 s ago that never got out (the plugin was down): past its 300 s lifetime. */
    @POST
    @Path("stale-status/{company}/{alias}/{plugin}")
    public String staleStatus(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @QueryParam("message") String message) {
        CrmRequest request = CrmRequest.status(
                new PluginReference(company, alias, plugin),
                message,
                MessageStatus.SENT,
                System.currentTimeMillis() - 301_000);
        requests.queue(request);
        return Json.createObjectBuilder().add("id", request.id()).build().toString();
    }

    /**
     * A status request for {@code sent} still queued while the message's status has moved on to {@code delivered}
     * (reported before it went out): it must not reach the CRM late.
     */
    @POST
    @Path("superseded-status/{company}/{alias}/{plugin}")
    public String supersededStatus(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @QueryParam("message") String message) {
        PluginReference reference = new PluginReference(company, alias, plugin);
        long now = System.currentTimeMillis();
        deliveredAlready(reference, message, now);
        CrmRequest request = CrmRequest.status(reference, message, MessageStatus.SENT, now);
        requests.queue(request);
        return Json.createObjectBuilder().add("id", request.id()).build().toString();
    }

    /**
     * Two statuses of one message: {@code sent}, held by a worker right now (claimed, its lease running), and
     * {@code delivered}, queued after it: the later one must wait for the earlier one.
     */
    @POST
    @Path("status-behind-one-in-flight/{company}/{alias}/{plugin}")
    public String statusBehindOneInFlight(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @QueryParam("message") String message) {
        PluginReference reference = new PluginReference(company, alias, plugin);
        long now = System.currentTimeMillis();
        deliveredAlready(reference, message, now);
        CrmRequest earlier = CrmRequest.status(reference, message, MessageStatus.SENT, now - 1000);
        earlier.limitAttempts(5);
        em.persist(earlier);
        em.flush();
        em.createQuery("UPDATE CrmRequest r SET r.state = :running, r.claimId = :claim, r.leaseUntil = :lease,"
                        + " r.attemptNumber = 1 WHERE r.id = :id")
                .setParameter("running", TaskState.RUNNING)
                .setParameter("claim", "probe-worker")
                .setParameter("lease", now + 120_000)
                .setParameter("id", earlier.id())
                .executeUpdate();
        CrmRequest later = CrmRequest.status(reference, message, MessageStatus.DELIVERED, now);
        requests.queue(later);
        return Json.createObjectBuilder().add("id", later.id()).build().toString();
    }

    /** The worker holding the message's running requests died: their lease ran out a moment ago, nobody renews it. */
    @POST
    @Path("worker-died/{company}")
    public String workerDied(@PathParam("company") String company, @QueryParam("message") String message) {
        int updated = em.createQuery("UPDATE CrmRequest r SET r.leaseUntil = :past WHERE r.reference.companyId = :c"
                        + " AND r.messageId = :m AND r.state = :running")
                .setParameter("past", System.currentTimeMillis() - 1)
                .setParameter("c", company)
                .setParameter("m", message)
                .setParameter("running", TaskState.RUNNING)
                .executeUpdate();
        return Json.createObjectBuilder().add("updated", updated).build().toString();
    }

    /**
     * Both sweeps now: the one a start runs (every due task queued again, however recently its message went out) and
     * the one every minute; a test that must see no second delivery runs them first, so a sweep could not add one
     * later.
     */
    @POST
    @Path("sweeps")
    public String sweeps() {
        int queued = sweeper.sweepQueuedBefore(System.currentTimeMillis() + 1) + sweeper.sweep();
        return Json.createObjectBuilder().add("queued", queued).build().toString();
    }

    /**
     * First statuses of one message stored at the same moment by as many transactions (statuses SENT, DELIVERED, READ,
     * twice over), each held open {@code hold} ms after it stored its status, as a send's outcome and a webhook's
     * report can be. Answers how each transaction ended ("committed" or its failure) and the status stored in the end.
     */
    @POST
    @Path("first-status-race/{company}/{alias}/{plugin}/{message}")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String firstStatusRace(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @PathParam("message") String message,
            @QueryParam("hold") long hold)
            throws Exception {
        PluginReference reference = new PluginReference(company, alias, plugin);
        List<Future<String>> runs = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (MessageStatus status : List.of(MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ)) {
                runs.add(executor.submit(() -> {
                    try {
                        self.storeAndHold(reference, message, status, hold);
                        return "committed";
                    } catch (RuntimeException e) {
                        StringBuilder causes = new StringBuilder();
                        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                            causes.append(cause).append(" <- ");
                        }
                        return causes.toString();
                    }
                }));
            }
        }
        JsonArrayBuilder outcomes = Json.createArrayBuilder();
        for (Future<String> run : runs) {
            outcomes.add(run.get());
        }
        MessageStatusRecord stored = em.find(MessageStatusRecord.class, MessageStatusRecord.idOf(reference, message));
        return Json.createObjectBuilder()
                .add("outcomes", outcomes)
                .add("stored", stored == null ? "none" : stored.status().name())
                .build()
                .toString();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void storeAndHold(PluginReference reference, String message, MessageStatus status, long hold) {
        records.storeReported(reference, message, List.of(new StatusReports.Reported(status, null)), false);
        try {
            Thread.sleep(hold);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stores the first status of a message in a transaction that then rolls back ({@code via=group}: a group of
     * outcomes', a plain bean's; otherwise a report's, an enterprise bean's), and answers what a connection outside
     * that transaction read of the message's record meanwhile, and what is left after the rollback: the record must be
     * the transaction's (unseen outside until it commits, gone with its rollback), or a later status could move it on
     * and go to the CRM while this one's request is still being stored.
     */
    @POST
    @Path("first-status-isolation/{company}/{alias}/{plugin}/{message}")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String firstStatusIsolation(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @PathParam("message") String message,
            @QueryParam("via") String via) {
        PluginReference reference = new PluginReference(company, alias, plugin);
        return rolledBackAndLookedAt(
                via,
                () -> records.advanced(reference, message, MessageStatus.SENT, null),
                "SELECT status FROM message_status WHERE id = ?",
                MessageStatusRecord.idOf(reference, message));
    }

    /** The same for an incoming message's gateway id, recorded in a group of outcomes' transaction. */
    @POST
    @Path("gateway-id-isolation/{company}/{alias}/{plugin}/{gatewayId}")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String gatewayIdIsolation(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @PathParam("gatewayId") String gatewayId) {
        PluginReference reference = new PluginReference(company, alias, plugin);
        return rolledBackAndLookedAt(
                "group",
                () -> gatewayIds.record(reference, gatewayId, System.currentTimeMillis()),
                "SELECT gateway_id FROM incoming_gateway_id WHERE reference_key = ? AND gateway_id = ?",
                StoredReference.key(reference),
                gatewayId);
    }

    /** The same for a file a plugin stores ({@code Uploads.store}) in a plain bean's transaction. */
    @POST
    @Path("upload-isolation/{company}/{alias}/{plugin}")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String uploadIsolation(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin) {
        PluginReference reference = new PluginReference(company, alias, plugin);
        return rolledBackAndLookedAt(
                "group",
                () -> uploads.store(
                        reference,
                        "isolated.txt",
                        "text/plain",
                        new ByteArrayInputStream("rolled back".getBytes(StandardCharsets.UTF_8))),
                "SELECT name FROM upload WHERE company_id = ? AND plugin_id = ?",
                company,
                plugin);
    }

    /**
     * Runs {@code write} in a transaction that rolls back once a connection outside it has read {@code select}'s first
     * column; answers that read ("meanwhile") and the same read after the rollback ("after"), "none" for no row.
     */
    private String rolledBackAndLookedAt(String via, Runnable write, String select, String... keys) {
        AtomicReference<String> meanwhile = new AtomicReference<>("not read");
        Runnable writeLookAndFail = () -> {
            write.run();
            try {
                meanwhile.set(executor.submit(() -> readOutside(select, keys)).get());
            } catch (Exception e) {
                meanwhile.set(e.toString());
            }
            throw new IllegalStateException("rolled back on purpose");
        };
        try {
            if ("group".equals(via)) {
                group.writeAll(List.of(writeLookAndFail));
            } else {
                self.inANewTransaction(writeLookAndFail);
            }
        } catch (RuntimeException rolledBack) {
            // the rollback asked for above
        }
        return Json.createObjectBuilder()
                .add("meanwhile", meanwhile.get())
                .add("after", readOutside(select, keys))
                .build()
                .toString();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void inANewTransaction(Runnable work) {
        work.run();
    }

    /** What a connection with no transaction of its own reads now: the first column of the first row, or "none". */
    private String readOutside(String select, String... keys) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement read = connection.prepareStatement(select)) {
            for (int i = 0; i < keys.length; i++) {
                read.setString(i + 1, keys[i]);
            }
            try (ResultSet rows = read.executeQuery()) {
                return rows.next() ? rows.getString(1) : "none";
            }
        } catch (SQLException e) {
            return e.toString();
        }
    }

    /** The message's status has reached {@code delivered}, as reported by the gateway. */
    private void deliveredAlready(PluginReference reference, String message, long now) {
        em.persist(new MessageStatusRecord(MessageStatusRecord.idOf(reference, message), MessageStatus.DELIVERED, now));
    }
}
