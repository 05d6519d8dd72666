package com.salesrender.plugin.chat.registration;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.PluginSecrets;
import com.salesrender.plugin.chat.api.RegisteredReferences;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Test-only window (in the test WAR, never in the product) on what a plugin sees through the API: the events
 * {@link EventRecorder} observed, walks of {@link RegisteredReferences}, and {@link PluginSecrets}. Its reads for the
 * recorder run in transactions of their own, so they see only what was committed.
 */
@Stateless
@Path("test-probe/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsProbe {

    @PersistenceContext
    EntityManager em;

    @Inject
    EventRecorder recorder;

    @Inject
    RegisteredReferences references;

    @Inject
    PluginSecrets secrets;

    @GET
    @Path("seen/{company}")
    public String seen(@PathParam("company") String company) {
        JsonArrayBuilder seen = Json.createArrayBuilder();
        recorder.seen(company).forEach(seen::add);
        return seen.build().toString();
    }

    /** Every registered reference, read page by page of {@code size}; or what {@code page} refused. */
    @GET
    @Path("walk")
    public String walk(@QueryParam("size") int size) {
        return answer(() -> {
            JsonArrayBuilder all = Json.createArrayBuilder();
            for (int page = 0; ; page++) {
                List<PluginReference> some = references.page(page, size);
                some.forEach(r -> all.add(r.toString()));
                if (some.size() < size) {
                    return all.build().toString();
                }
            }
        });
    }

    /** One page as it is, or what it refused. */
    @GET
    @Path("page")
    public String page(@QueryParam("page") int page, @QueryParam("size") int size) {
        return answer(() -> {
            JsonArrayBuilder some = Json.createArrayBuilder();
            references.page(page, size).forEach(r -> some.add(r.toString()));
            return some.build().toString();
        });
    }

    @POST
    @Path("seal/{company}/{alias}/{plugin}")
    @Consumes(MediaType.WILDCARD)
    public String seal(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            String plain) {
        return answer(() -> value(secrets.seal(new PluginReference(company, alias, plugin), plain)));
    }

    @POST
    @Path("open/{company}/{alias}/{plugin}")
    @Consumes(MediaType.WILDCARD)
    public String open(
            @PathParam("company") String company,
            @PathParam("alias") String alias,
            @PathParam("plugin") String plugin,
            String sealed) {
        return answer(() -> value(secrets.open(new PluginReference(company, alias, plugin), sealed)));
    }

    /** Whether the registration row is committed, read in a new transaction. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean registrationStored(PluginReference reference) {
        return !rows("SELECT hpt FROM registration", reference).isEmpty();
    }

    /** The committed settings' {@code main.prefix}, read in a new transaction (null without settings). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public String storedPrefix(PluginReference reference) {
        List<?> data = rows("SELECT data FROM plugin_settings", reference);
        if (data.isEmpty()) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(String.valueOf(data.get(0))))) {
            JsonObject main = reader.readObject().getJsonObject("main");
            return main == null ? null : main.getString("prefix", null);
        }
    }

    private List<?> rows(String select, PluginReference reference) {
        return new ArrayList<>(
                em.createNativeQuery(select + " WHERE company_id = ?1 AND plugin_alias = ?2 AND plugin_id = ?3")
                        .setParameter(1, reference.companyId())
                        .setParameter(2, reference.alias())
                        .setParameter(3, reference.id())
                        .getResultList());
    }

    private static String value(String value) {
        return Json.createObjectBuilder().add("value", value).build().toString();
    }

    /** The JSON answer, or {@code {"refused": "<exception class>"}} when the API threw. */
    private static String answer(Supplier<String> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            // Not unwrapped: the API promises its own exceptions, not an EJBException around them.
            return Json.createObjectBuilder()
                    .add("refused", e.getClass().getSimpleName())
                    .build()
                    .toString();
        }
    }
}
