package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Test-only window on retention (in the test WAR, never in the product): a run with the clock moved, the rows left. */
@Stateless
@Path("test-probe/retention")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionProbe {

    @Inject
    Retention retention;

    @PersistenceContext
    EntityManager em;

    /** The retention run as it would go with the clock at {@code now} (epoch ms): the rows deleted by table. */
    @POST
    @Path("purge")
    public String purge(@QueryParam("now") long now) {
        JsonObjectBuilder deleted = Json.createObjectBuilder();
        retention.purge(now).forEach(deleted::add);
        return deleted.build().toString();
    }

    /** The rows one message of one plugin reference has left: its send task, CRM requests, history, status record. */
    @GET
    @Path("rows/{company}/{alias}/{plugin}/{message}")
    public String rows(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            @PathParam("message") String message) {
        String where = " WHERE company_id = ?1 AND plugin_alias = ?2 AND plugin_id = ?3 AND message_id = ?4";
        String statusKey = StoredReference.key(new PluginReference(company, alias, plugin), message);
        return Json.createObjectBuilder()
                .add(
                        "chat_send_task",
                        count("SELECT COUNT(*) FROM chat_send_task" + where, company, alias, plugin, message))
                .add("crm_request", count("SELECT COUNT(*) FROM crm_request" + where, company, alias, plugin, message))
                .add(
                        "crm_request_live",
                        count(
                                "SELECT COUNT(*) FROM crm_request" + where + " AND state IN ('QUEUED', 'RUNNING')",
                                company,
                                alias,
                                plugin,
                                message))
                .add(
                        "crm_request_dropped",
                        count(
                                "SELECT COUNT(*) FROM crm_request" + where + " AND state = 'DROPPED'",
                                company,
                                alias,
                                plugin,
                                message))
                .add("task_event", count("SELECT COUNT(*) FROM task_event" + where, company, alias, plugin, message))
                .add("message_status", count("SELECT COUNT(*) FROM message_status WHERE id = ?1", statusKey))
                .build()
                .toString();
    }

    private long count(String sql, Object... parameters) {
        var query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return ((Number) query.getSingleResult()).longValue();
    }
}
