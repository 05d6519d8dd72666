package com.salesrender.plugin.chat.registration;

import com.salesrender.plugin.chat.access.CrmTokens;
import com.salesrender.plugin.chat.platform.JsonBodies;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code PUT /registration}: the CRM installs (or reinstalls) this plugin for a company. */
@Path("registration")
public class RegistrationResource {

    @Inject
    CrmTokens tokens;

    @Inject
    Registrations registrations;

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(String body) {
        String token = JsonBodies.string(JsonBodies.object(body), "registration");
        registrations.register(tokens.verify(token));
        return Response.ok(Json.createObjectBuilder().add("registered", true).build().toString()).build();
    }
}
