package com.salesrender.plugin.chat.registration;

import com.salesrender.plugin.chat.access.CrmTokens;
import com.salesrender.plugin.chat.platform.Json;
import com.salesrender.plugin.chat.platform.JsonBodies;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code PUT /registration}: the CRM installs (or reinstalls) this plugin for a company. */
@Path("registration")
@Tag(name = "crm")
public class RegistrationResource {

    @Inject
    CrmTokens tokens;

    @Inject
    Registrations registrations;

    @Operation(
            summary = "Registers the plugin for a company",
            description = "Body {\"registration\": \"<JWT>\"}: the CRM's RS512 token carrying the HPT, country "
                    + "and currency; replaces any earlier registration of the same plugin reference.")
    @APIResponse(responseCode = "200", description = "{\"registered\": true}")
    @APIResponse(responseCode = "400", description = "The body is not a JSON object or a form")
    @APIResponse(
            responseCode = "403",
            description = "The token is missing, expired, not from a trusted CRM, "
                    + "wrongly signed, or issued (iat) before the stored registration's token")
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB")
    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(@HeaderParam("Content-Type") String contentType, String body) {
        String token = JsonBodies.field(body, contentType, "registration");
        registrations.register(tokens.verify(token));
        return Response.ok(Json.createObjectBuilder()
                        .add("registered", true)
                        .build()
                        .toString())
                .build();
    }
}
