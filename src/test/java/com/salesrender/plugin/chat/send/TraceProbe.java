package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.crm.CrmRequest;
import com.salesrender.plugin.chat.task.Task;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Test-only window (in the test WAR, never in the product) on the trace contexts a message's tasks stored: its send
 * task's and those of its requests to the CRM ({@code null} when none was stored).
 */
@Stateless
@Path("test-probe/trace")
@Produces(MediaType.APPLICATION_JSON)
public class TraceProbe {

    @PersistenceContext
    EntityManager em;

    @GET
    @Path("{company}/{message}")
    public String contexts(@PathParam("company") String company, @PathParam("message") String message) {
        JsonArrayBuilder sends = Json.createArrayBuilder();
        em.createQuery(
                        "SELECT t FROM ChatSendTask t WHERE t.reference.companyId = :c AND t.messageId = :m",
                        ChatSendTask.class)
                .setParameter("c", company)
                .setParameter("m", message)
                .getResultList()
                .forEach(task -> sends.add(context(task)));
        JsonArrayBuilder requests = Json.createArrayBuilder();
        em.createQuery(
                        "SELECT r FROM CrmRequest r WHERE r.reference.companyId = :c AND r.messageId = :m",
                        CrmRequest.class)
                .setParameter("c", company)
                .setParameter("m", message)
                .getResultList()
                .forEach(request -> requests.add(context(request)));
        return Json.createObjectBuilder()
                .add("sends", sends)
                .add("crmRequests", requests)
                .build()
                .toString();
    }

    private static JsonObjectBuilder context(Task task) {
        JsonObjectBuilder row =
                Json.createObjectBuilder().add("state", task.state().name());
        return task.traceContext() == null ? row.addNull("traceContext") : row.add("traceContext", task.traceContext());
    }
}
