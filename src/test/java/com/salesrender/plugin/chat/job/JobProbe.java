package com.salesrender.plugin.chat.job;

import com.salesrender.plugin.chat.api.PluginJob;
import com.salesrender.plugin.chat.api.PluginJobs;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.task.TaskHistory;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.time.Duration;

/**
 * Test-only: schedules jobs as a plugin's code would (outside a transaction, so each is stored at once), and reads what
 * became of them.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Path("job-probe")
@Produces("application/json")
public class JobProbe {

    @Inject
    TaskHistory history;

    @Inject
    PluginJobs jobs;

    @Inject
    TestJobHandler handler;

    @PersistenceContext
    EntityManager em;

    /** Schedules a job; answers what the API threw, if anything, by its class name. */
    @POST
    @Path("schedule/{company}/{alias}/{plugin}")
    public String schedule(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @QueryParam("type") String type,
            @QueryParam("data") String data,
            @QueryParam("message") String message,
            @QueryParam("delayMillis") long delayMillis) {
        try {
            jobs.schedule(
                    new PluginJob(new PluginReference(company, alias, plugin), type, data, message),
                    Duration.ofMillis(delayMillis));
            return Json.createObjectBuilder().add("scheduled", true).build().toString();
        } catch (RuntimeException e) {
            Throwable cause = e instanceof EJBException && e.getCause() != null ? e.getCause() : e;
            return Json.createObjectBuilder()
                    .add("scheduled", false)
                    .add("refused", cause.getClass().getSimpleName())
                    .build()
                    .toString();
        }
    }

    @GET
    @Path("runs")
    public String runs(@QueryParam("data") String data) {
        return Json.createObjectBuilder()
                .add("runs", handler.runs(data))
                .build()
                .toString();
    }

    /** The state of the company's job about this message id (the tests give each job its own). */
    @GET
    @Path("state/{company}/{message}")
    public String state(@PathParam("company") String company, @PathParam("message") String message) {
        var states = em.createQuery(
                        "SELECT j.state, j.attemptNumber, j.id FROM ScheduledJob j WHERE j.messageId = :message"
                                + " AND j.reference.companyId = :company",
                        Object[].class)
                .setParameter("message", message)
                .setParameter("company", company)
                .getResultList();
        if (states.isEmpty()) {
            return Json.createObjectBuilder().add("state", "NONE").build().toString();
        }
        var events = Json.createArrayBuilder();
        history.ofTask((String) states.get(0)[2]).forEach(e -> events.add(e.event()));
        return Json.createObjectBuilder()
                .add("state", states.get(0)[0].toString())
                .add("attempts", ((Number) states.get(0)[1]).intValue())
                .add("events", events)
                .build()
                .toString();
    }
}
