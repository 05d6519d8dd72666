package com.salesrender.plugin.chat.gateway;

import com.salesrender.plugin.chat.access.PathReference;
import com.salesrender.plugin.chat.api.IncomingChats;
import com.salesrender.plugin.chat.api.InvalidChatPayload;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.message.ChatPayload;
import com.salesrender.plugin.chat.message.MessageId;
import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.ApiSecurity;
import com.salesrender.plugin.chat.platform.BearerToken;
import com.salesrender.plugin.chat.platform.Json;
import com.salesrender.plugin.chat.platform.JsonBodies;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where a gateway (or a small adapter in front of it) reports back without any plumbing of your own:
 *
 * <ul>
 *   <li>{@code POST /gateway/{companyId}/{pluginAlias}/{pluginId}/status} with {@code {"id": "<message id>", "status":
 *       "sent|delivered|read|error"}};
 *   <li>{@code POST /gateway/{companyId}/{pluginAlias}/{pluginId}/incoming} with a chat payload whose message has no id
 *       (the CRM assigns one).
 * </ul>
 *
 * Both need {@code Authorization: Bearer <plugin.gateway.token>}; without that property the routes are off. Both answer
 * 202 once the request to the CRM is stored durably.
 */
@Path("gateway/{companyId}/{alias}/{pluginId}")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "gateway")
@SecurityRequirement(name = ApiSecurity.GATEWAY_TOKEN)
@BearerToken(property = "plugin.gateway.token", name = "gateway")
public class GatewayWebhook {

    @Inject
    MessageStatuses statuses;

    @Inject
    IncomingChats incoming;

    @PathParam("companyId")
    String companyId;

    @PathParam("alias")
    String alias;

    @PathParam("pluginId")
    String pluginId;

    @Operation(
            summary = "Reports a message status to the CRM",
            description = "Body {\"id\": \"<message id>\", \"status\": \"sent|delivered|read|error\"}. queued "
                    + "is false when the status would go backwards (it is then not sent).")
    @APIResponse(responseCode = "202", description = "{\"queued\": true|false}, stored for the CRM")
    @APIResponse(responseCode = "400", description = "Malformed body")
    @APIResponse(responseCode = "401", description = "No bearer token")
    @APIResponse(responseCode = "403", description = "Wrong gateway token")
    @APIResponse(
            responseCode = "404",
            description = "The plugin is not registered for this reference, or plugin.gateway.token is not set")
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB")
    @POST
    @Path("status")
    public Response status(String body) {
        PluginReference reference = reference();
        JsonObject json = JsonBodies.object(body);
        String messageId = JsonBodies.string(json, "id");
        if (!MessageId.valid(messageId)) {
            throw ApiError.invalid(
                    "id (the message id) is required, at most " + MessageId.MAX_LENGTH + " characters, without NUL");
        }
        MessageStatus status = MessageStatus.fromWire(JsonBodies.string(json, "status"))
                .orElseThrow(() -> ApiError.invalid("status must be sent, delivered, read or error"));
        boolean queued = statuses.report(reference, messageId, status);
        return Response.accepted(
                        Json.createObjectBuilder().add("queued", queued).build().toString())
                .build();
    }

    @Operation(
            summary = "Forwards a customer's message to the CRM",
            description = "Body: a chat payload whose message has no id (the CRM assigns one).")
    @APIResponse(responseCode = "202", description = "{\"queued\": true}, stored for the CRM")
    @APIResponse(responseCode = "400", description = "Malformed body")
    @APIResponse(responseCode = "401", description = "No bearer token")
    @APIResponse(responseCode = "403", description = "Wrong gateway token")
    @APIResponse(
            responseCode = "404",
            description = "The plugin is not registered for this reference, or plugin.gateway.token is not set")
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB")
    @POST
    @Path("incoming")
    public Response incoming(String body) {
        PluginReference reference = reference();
        try {
            // IncomingChats refuses a message id itself; here any payload problem is the gateway's bad request.
            incoming.forward(reference, ChatPayload.read(JsonBodies.object(body)));
        } catch (InvalidChatPayload e) {
            throw ApiError.invalid(e.getMessage());
        }
        return Response.accepted(
                        Json.createObjectBuilder().add("queued", true).build().toString())
                .build();
    }

    private PluginReference reference() {
        return PathReference.of(companyId, alias, pluginId);
    }
}
