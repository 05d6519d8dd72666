package com.salesrender.plugin.chat.form;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Test-only window (in the test WAR, never in the product) on {@link GatewayCheck}: what it saw, and its holds. */
@RequestScoped
@Path("test-probe/form")
@Produces(MediaType.APPLICATION_JSON)
public class GatewayCheckProbe {

    @Inject
    GatewayCheck check;

    /** What the check was given for the company, in order: {@code [{"settings": ..., "transaction": ...}, ...]}. */
    @GET
    @Path("seen/{company}")
    public String seen(@PathParam("company") String company) {
        JsonArrayBuilder seen = Json.createArrayBuilder();
        check.seen(company).forEach(seen::add);
        return seen.build().toString();
    }

    @GET
    @Path("saved/{company}")
    public String saved(@PathParam("company") String company) {
        return String.valueOf(check.savedEvents(company));
    }

    @GET
    @Path("waiting/{key}")
    public String waiting(@PathParam("key") String key) {
        return String.valueOf(check.waiting(key));
    }

    @POST
    @Path("release/{key}")
    public String release(@PathParam("key") String key) {
        check.release(key);
        return "true";
    }
}
