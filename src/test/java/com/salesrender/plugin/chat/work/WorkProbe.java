package com.salesrender.plugin.chat.work;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.Ids;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/**
 * Test-only window (in the test WAR, never in the product) on background work: the runs {@link TestWorker} recorded, a
 * look for work now, and the lease rows, including one planted as another instance would have left it.
 */
@Stateless
@Path("work-probe")
@Produces("application/json")
public class WorkProbe {

    @Inject
    TestWorker worker;

    @Inject
    BackgroundWork work;

    @PersistenceContext
    EntityManager em;

    @GET
    @Path("runs/{company}")
    public String runs(@PathParam("company") String company) {
        JsonArrayBuilder runs = Json.createArrayBuilder();
        for (TestWorker.Run run : worker.runs(company)) {
            runs.add(Json.createObjectBuilder()
                    .add("prefix", run.prefix)
                    .add("startedAt", run.startedAt)
                    .add("endedAt", run.endedAt)
                    .add("lease", run.lease)
                    .add("threw", run.threw));
        }
        return Json.createObjectBuilder()
                .add("runs", runs)
                .add("mostAtOnce", worker.mostAtOnce(company))
                .build()
                .toString();
    }

    /** One look for work now, as the timer's; {@code ran} false when one was going already. */
    @POST
    @Path("tick")
    public String tick() {
        return Json.createObjectBuilder().add("ran", work.tick()).build().toString();
    }

    /**
     * A lease row as another instance leaves it while it holds the work (or once it died: an end in the past), planted
     * for the test worker's work of the reference; answers its end.
     */
    @POST
    @Path("lease/{company}/{alias}/{plugin}")
    public String plant(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @QueryParam("owner") String owner,
            @QueryParam("endsInMillis") long endsInMillis) {
        long now = System.currentTimeMillis();
        long until = now + endsInMillis;
        em.persist(new ReferenceWork(
                new PluginReference(company, alias, plugin), "test-worker", owner, Ids.random(), until, 1, now));
        return Json.createObjectBuilder().add("until", until).build().toString();
    }

    /** The test worker's lease row of the reference, and this instance's id. */
    @GET
    @Path("lease/{company}/{alias}/{plugin}")
    public String lease(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin) {
        JsonObjectBuilder answer = Json.createObjectBuilder().add("instance", work.instance());
        List<ReferenceWork> rows = StoredReference.bind(
                        em.createQuery(
                                "SELECT w FROM ReferenceWork w WHERE " + StoredReference.of("w")
                                        + " AND w.worker = 'test-worker'",
                                ReferenceWork.class),
                        new PluginReference(company, alias, plugin))
                .getResultList();
        if (rows.isEmpty()) {
            return answer.add("row", false).build().toString();
        }
        ReferenceWork row = rows.get(0);
        answer.add("row", true).add("leaseUntil", row.leaseUntil()).add("now", System.currentTimeMillis());
        if (row.owner() == null) {
            answer.addNull("owner");
        } else {
            answer.add("owner", row.owner());
        }
        return answer.build().toString();
    }
}
