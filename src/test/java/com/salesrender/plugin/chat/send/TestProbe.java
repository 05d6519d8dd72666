package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.message.ChatPayload;
import com.salesrender.plugin.chat.registration.Registrations;
import com.salesrender.plugin.chat.task.RetrySweeper;
import com.salesrender.plugin.chat.task.TaskQueue;
import com.salesrender.plugin.chat.task.TaskStore;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Test-only window into the deployed plugin (in the test WAR, never in the product): what the gateway received, what
 * the database holds, and ways to simulate lost queue messages and crashed workers.
 */
@Stateless
@Path("test-probe")
@Produces(MediaType.APPLICATION_JSON)
public class TestProbe {

    @Inject
    RecordingChatSender sender;

    @Inject
    ChatSends sends;

    @Inject
    Registrations registrations;

    @Inject
    RetrySweeper sweeper;

    @Inject
    ChatSendKind kind;

    @Inject
    TaskQueue queue;

    @Inject
    TaskStore store;

    @PersistenceContext
    EntityManager em;

    @EJB
    TestProbe self;

    @Resource
    ManagedExecutorService executor;

    @GET
    @Path("calls/{company}/{message}")
    public String calls(@PathParam("company") String company, @PathParam("message") String message) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        sender.calls(company, message).forEach(array::add);
        return array.build().toString();
    }

    @GET
    @Path("task/{company}/{alias}/{plugin}/{message}")
    public Response task(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @PathParam("message") String message) {
        return sends.find(new PluginReference(company, alias, plugin), message)
                .map(t -> Response.ok(Json.createObjectBuilder()
                                .add("id", t.id())
                                .add("state", t.state().name())
                                .add("attempts", t.attemptNumber())
                                .add("limit", t.attemptLimit())
                                .add("lastError", String.valueOf(t.lastError()))
                                .add("lastAttemptAt", t.lastAttemptAt() == null ? 0 : t.lastAttemptAt())
                                // Whether it is in its chat's live index (what the order checks read): live tasks only.
                                .add(
                                        "live",
                                        em.createNativeQuery("SELECT live_chat_key FROM chat_send_task WHERE id = ?1")
                                                        .setParameter(1, t.id())
                                                        .getSingleResult()
                                                != null)
                                .add(
                                        "count",
                                        em.createQuery(
                                                        "SELECT COUNT(t) FROM ChatSendTask t WHERE t.reference.companyId = :c"
                                                                + " AND t.messageId = :m",
                                                        Long.class)
                                                .setParameter("c", company)
                                                .setParameter("m", message)
                                                .getSingleResult())
                                .build()
                                .toString())
                        .build())
                .orElse(Response.status(404).build());
    }

    /** The most sends the gateway ever had running at once for this company. */
    @GET
    @Path("peak/{company}")
    public String peak(@PathParam("company") String company) {
        return Json.createObjectBuilder()
                .add("peak", sender.peak(company))
                .build()
                .toString();
    }

    @GET
    @Path("tasks/{company}")
    public String taskCount(@PathParam("company") String company) {
        long count = em.createQuery("SELECT COUNT(t) FROM ChatSendTask t WHERE t.reference.companyId = :c", Long.class)
                .setParameter("c", company)
                .getSingleResult();
        return Json.createObjectBuilder().add("count", count).build().toString();
    }

    /**
     * Row counts: of every table whose rows only requests create (all companies), and of every table for the companies
     * whose id starts with {@code prefix} (tables that background work also writes to).
     */
    @GET
    @Path("rows")
    public String rows(@QueryParam("prefix") String prefix) {
        String like = prefix + "%";
        return Json.createObjectBuilder()
                .add("registrations", count("SELECT COUNT(r) FROM Registration r"))
                .add("chatSendTasks", count("SELECT COUNT(t) FROM ChatSendTask t"))
                .add("settings", count("SELECT COUNT(s) FROM PluginSettings s"))
                .add("publicKeys", count("SELECT COUNT(k) FROM CrmPublicKey k"))
                .add(
                        "crmRequests",
                        count("SELECT COUNT(r) FROM CrmRequest r WHERE r.reference.companyId LIKE :p", like))
                .add(
                        "messageStatuses",
                        count("SELECT COUNT(m) FROM MessageStatusRecord m WHERE m.id LIKE :p", "%:" + like))
                .add("taskEvents", count("SELECT COUNT(e) FROM TaskEvent e WHERE e.reference.companyId LIKE :p", like))
                .add(
                        "uploads",
                        ((Number) em.createNativeQuery("SELECT COUNT(*) FROM upload")
                                        .getSingleResult())
                                .longValue())
                .build()
                .toString();
    }

    private long count(String jpql, String... like) {
        var query = em.createQuery(jpql, Long.class);
        if (like.length > 0) {
            query.setParameter("p", like[0]);
        }
        return query.getSingleResult();
    }

    @GET
    @Path("registration/{company}/{alias}/{plugin}")
    public Response registration(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin) {
        return registrations
                .find(new PluginReference(company, alias, plugin))
                .map(r -> Response.ok(Json.createObjectBuilder()
                                .add("hpt", registrations.hpt(r))
                                .add("clusterUri", r.clusterUri().toString())
                                .add("country", r.country())
                                .add("currency", r.currency())
                                .add(
                                        "count",
                                        em.createQuery(
                                                        "SELECT COUNT(r) FROM Registration r WHERE r.reference.companyId = :c",
                                                        Long.class)
                                                .setParameter("c", company)
                                                .getSingleResult())
                                .build()
                                .toString())
                        .build())
                .orElse(Response.status(404).build());
    }

    /**
     * Stores a task whose queue message never went out, as after a lost message; {@code crashed=true} makes it look
     * claimed by a worker that died (lease already over). {@code queued=true} sends its message after all: with the
     * queue paused, a message that has waited in the queue longer than {@code plugin.queue.stale-after} and is still
     * there.
     */
    @POST
    @Path("orphan/{company}/{alias}/{plugin}")
    public String orphan(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @QueryParam("crashed") boolean crashed,
            @QueryParam("fresh") boolean fresh,
            @QueryParam("queued") boolean queued,
            String payload) {
        JsonObject json;
        try (JsonReader reader = Json.createReader(new StringReader(payload))) {
            json = reader.readObject();
        }
        // fresh: its message went out just now (the sweep every minute leaves it alone for plugin.queue.stale-after)
        long past = System.currentTimeMillis() - (fresh ? 0 : 60_000);
        ChatSendTask task = new ChatSendTask(
                new PluginReference(company, alias, plugin),
                ChatPayload.readOutgoing(json),
                kind.retryPolicy().attemptLimit(),
                past);
        em.persist(task);
        em.flush();
        if (crashed) {
            em.createQuery("UPDATE ChatSendTask t SET t.state = com.salesrender.plugin.chat.task.TaskState.RUNNING,"
                            + " t.claimId = 'dead-worker', t.leaseUntil = :past, t.attemptNumber = 1 WHERE t.id = :id")
                    .setParameter("past", past + 1000)
                    .setParameter("id", task.id())
                    .executeUpdate();
        }
        if (queued) {
            queue.handBack(kind, task.id(), 4, Duration.ZERO, 0); // sent once this commits
        }
        return Json.createObjectBuilder().add("id", task.id()).build().toString();
    }

    /**
     * Locks the task's row for {@code millis} in a transaction of its own (as a long transaction of another worker
     * would), and sends its queue message once the lock is held, so that its attempt meets the lock: on H2 the claim's
     * wait runs out (H2's lock timeout, 2 s) and the database fails the attempt; on PostgreSQL, which waits for a lock
     * as long as it takes, the claim waits.
     */
    @POST
    @Path("hold/{company}/{alias}/{plugin}/{message}")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String hold(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @PathParam("message") String message,
            @QueryParam("millis") long millis)
            throws Exception {
        PluginReference reference = new PluginReference(company, alias, plugin);
        String id = sends.find(reference, message).orElseThrow().id();
        Future<?> holding = lockFor(id, millis);
        queue.enqueue(kind, id, reference, Duration.ZERO); // no transaction here: sent now
        holding.get();
        return Json.createObjectBuilder().add("id", id).build().toString();
    }

    /**
     * A lease renewal beside a row another transaction holds: the two messages' tasks (sent already) are made running
     * claims for the while, the second's row is held for 5 s, and both claims are renewed. Answers how many rows the
     * renewal renewed and whether the row was still held when it came back; the tasks are then ended DONE again.
     */
    @POST
    @Path("renew-beside-held/{company}/{alias}/{plugin}/{free}/{held}")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String renewBesideHeld(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @PathParam("free") String free,
            @PathParam("held") String held)
            throws Exception {
        PluginReference reference = new PluginReference(company, alias, plugin);
        String freeId = sends.find(reference, free).orElseThrow().id();
        String heldId = sends.find(reference, held).orElseThrow().id();
        // Leases a minute ahead: no takeover sweep takes them while the test runs.
        long now = System.currentTimeMillis();
        String freeClaim = UUID.randomUUID().toString();
        String heldClaim = UUID.randomUUID().toString();
        try {
            self.setClaim(freeId, "RUNNING", freeClaim, now + 60_000);
            self.setClaim(heldId, "RUNNING", heldClaim, now + 60_000);
            Future<?> holding = lockFor(heldId, 5_000);
            int renewed;
            try {
                renewed = store.renew(ChatSendTask.class, List.of(freeClaim, heldClaim), now + 120_000);
            } catch (RuntimeException failed) {
                holding.get();
                // The test says what the renewal met (a lock wait run out, a deadlock), not a bare 500.
                return Json.createObjectBuilder()
                        .add("failed", causes(failed))
                        .build()
                        .toString();
            }
            boolean stillHeld = !holding.isDone();
            holding.get();
            return Json.createObjectBuilder()
                    .add("renewed", renewed)
                    .add("stillHeld", stillHeld)
                    .add("freeLease", self.leaseOf(freeId))
                    .add("heldLease", self.leaseOf(heldId))
                    .add("renewedTo", now + 120_000)
                    .build()
                    .toString();
        } catch (RuntimeException failed) {
            return Json.createObjectBuilder()
                    .add("failed", causes(failed))
                    .build()
                    .toString();
        } finally {
            self.endDone(freeId);
            self.endDone(heldId);
        }
    }

    private static String causes(Throwable failed) {
        StringBuilder causes = new StringBuilder();
        for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
            causes.append(cause).append(" <- ");
        }
        return causes.toString();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void setClaim(String id, String state, String claimId, long leaseUntil) {
        em.createNativeQuery("UPDATE chat_send_task SET state = ?1, claim_id = ?2, lease_until = ?3 WHERE id = ?4")
                .setParameter(1, state)
                .setParameter(2, claimId)
                .setParameter(3, leaseUntil)
                .setParameter(4, id)
                .executeUpdate();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void endDone(String id) {
        em.createNativeQuery(
                        "UPDATE chat_send_task SET state = 'DONE', claim_id = NULL, lease_until = NULL WHERE id = ?1")
                .setParameter(1, id)
                .executeUpdate();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public long leaseOf(String id) {
        return ((Number) em.createNativeQuery("SELECT lease_until FROM chat_send_task WHERE id = ?1")
                        .setParameter(1, id)
                        .getSingleResult())
                .longValue();
    }

    /**
     * Locks the message's task row for {@code millis} in a transaction of its own, returning once the lock is held (the
     * gateway's call, then its outcome, meet it).
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void lockFor(PluginReference reference, String message, long millis) throws Exception {
        lockFor(sends.find(reference, message).orElseThrow().id(), millis);
    }

    /** Has the task's row locked for {@code millis} on another thread; answers once the lock is held. */
    private Future<?> lockFor(String id, long millis) throws Exception {
        CountDownLatch locked = new CountDownLatch(1);
        Future<?> holding = executor.submit(() -> {
            self.lockRow(id, millis, locked);
            return null;
        });
        if (!locked.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the row was not locked: " + holding.get());
        }
        return holding;
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void lockRow(String id, long millis, CountDownLatch locked) throws InterruptedException {
        em.createNativeQuery("SELECT id FROM chat_send_task WHERE id = ? FOR UPDATE")
                .setParameter(1, id)
                .getResultList();
        locked.countDown();
        Thread.sleep(millis);
    }

    /**
     * Sends the task's queue message {@code copies} more times from as many threads at once, as a broker redelivering
     * it or two servers sweeping it would: one worker at a time may hold it, and it must reach the gateway once.
     */
    @POST
    @Path("duplicate-messages/{company}/{alias}/{plugin}/{message}")
    public String duplicateMessages(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @PathParam("message") String message,
            @QueryParam("copies") int copies)
            throws InterruptedException {
        String id = em.createQuery(
                        "SELECT t.id FROM ChatSendTask t WHERE "
                                + StoredReference.of("t")
                                + " AND t.messageId = :message",
                        String.class)
                .setParameter("company", company)
                .setParameter("alias", alias)
                .setParameter("plugin", plugin)
                .setParameter("message", message)
                .getSingleResult();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    queue.enqueue(kind, id, new PluginReference(company, alias, plugin), Duration.ZERO);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return Json.createObjectBuilder()
                .add("id", id)
                .add("copies", copies)
                .build()
                .toString();
    }

    @POST
    @Path("gateway")
    public String gateway(@QueryParam("down") boolean down) {
        sender.gatewayDown(down);
        return Json.createObjectBuilder().add("down", down).build().toString();
    }

    /** The sweep a start runs, as if the server had started now. */
    @POST
    @Path("sweep-at-start")
    public String sweepAtStart() {
        return Json.createObjectBuilder()
                .add("queued", sweeper.sweepQueuedBefore(System.currentTimeMillis() + 1))
                .build()
                .toString();
    }

    /**
     * Pauses ({@code true}) or resumes the delivery of the send queue's messages to its consumers, through the embedded
     * broker's management bean: messages sent meanwhile wait in the queue, as behind a deep backlog.
     */
    @POST
    @Path("send-queue-paused/{paused}")
    public String pauseSendQueue(@PathParam("paused") boolean paused) throws JMException {
        ObjectName queue = new ObjectName(
                "com.sun.messaging.jms.server:type=Destination,subtype=Config,desttype=q,name=\"ChatSendQueue\"");
        MBeanServer broker = ManagementFactory.getPlatformMBeanServer();
        if (paused) {
            broker.invoke(queue, "pause", new Object[] {"CONSUMERS"}, new String[] {String.class.getName()});
        } else {
            broker.invoke(queue, "resume", new Object[0], new String[0]);
        }
        return "{}";
    }

    /** When the task's last queue message went out (epoch ms). */
    @GET
    @Path("enqueued-at/{id}")
    public String enqueuedAt(@PathParam("id") String id) {
        return Json.createObjectBuilder()
                .add(
                        "at",
                        em.createQuery("SELECT t.enqueuedAt FROM ChatSendTask t WHERE t.id = :id", Long.class)
                                .setParameter("id", id)
                                .getSingleResult())
                .build()
                .toString();
    }

    @POST
    @Path("sweep")
    public String sweep() {
        return Json.createObjectBuilder().add("queued", sweeper.sweep()).build().toString();
    }
}
