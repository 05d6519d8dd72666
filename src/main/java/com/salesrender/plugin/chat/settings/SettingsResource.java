package com.salesrender.plugin.chat.settings;

import com.salesrender.plugin.chat.access.CrmToken;
import com.salesrender.plugin.chat.api.SettingsForm;
import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.ApiSecurity;
import com.salesrender.plugin.chat.platform.JsonBodies;
import com.salesrender.plugin.chat.registration.Registrations;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The settings routes the CRM's settings page calls, with the {@code X-PLUGIN-TOKEN} of the company's user: the form,
 * and the company's data (passwords masked as {@code true}/{@code false}).
 */
@Path("protected")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "settings")
@SecurityRequirement(name = ApiSecurity.CRM_TOKEN)
public class SettingsResource {

    public static final String TOKEN_HEADER = "X-PLUGIN-TOKEN";

    @Inject
    Registrations registrations;

    @Inject
    SettingsForm form;

    @Inject
    CompanySettings settings;

    @Inject
    CheckedSaves saves;

    @Operation(summary = "The settings form definition")
    @APIResponse(responseCode = "200", description = "The form")
    @APIResponse(responseCode = "401", description = "No X-PLUGIN-TOKEN header")
    @APIResponse(
            responseCode = "403",
            description = "Bad token, unregistered plugin, or the token does not allow settings")
    @GET
    @Path("forms/settings")
    public String form(@HeaderParam(TOKEN_HEADER) String token) {
        allowedToSettings(token);
        return form.toJson().toString();
    }

    @Operation(
            summary = "The company's settings, passwords masked as true/false (set or not); [] before the first save")
    @APIResponse(responseCode = "200", description = "The settings")
    @APIResponse(responseCode = "401", description = "No X-PLUGIN-TOKEN header")
    @APIResponse(
            responseCode = "403",
            description = "Bad token, unregistered plugin, or the token does not allow settings")
    @GET
    @Path("data/settings")
    public String data(@HeaderParam(TOKEN_HEADER) String token) {
        CrmToken caller = allowedToSettings(token);
        // Before the first save the reference answers an empty PHP array: [].
        return settings.saved(caller.reference())
                .map(data -> form.mask(data).toString())
                .orElse(JsonValue.EMPTY_JSON_ARRAY.toString());
    }

    @Operation(
            summary = "Validates and saves the company's settings",
            description = "Keys the form does not declare are dropped; a password left out keeps its stored value."
                    + " The plugin's own checks (SettingsCheck) are asked after the form's rules passed.")
    @APIResponse(responseCode = "200", description = "The saved settings, passwords masked")
    @APIResponse(
            responseCode = "400",
            description = "Invalid (the form's rules or the plugin's checks): {\"group\": {\"field\": [\"error\"]}}",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "401", description = "No X-PLUGIN-TOKEN header")
    @APIResponse(
            responseCode = "403",
            description = "Bad token, unregistered plugin, or the token does not allow settings")
    @APIResponse(
            responseCode = "409",
            description = "Other saves kept changing the stored settings while these were checked; nothing saved")
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB")
    @APIResponse(responseCode = "500", description = "A check of the plugin failed; nothing saved")
    @APIResponse(
            responseCode = "504",
            description = "A check of the plugin did not answer within plugin.settings.check-timeout; nothing saved")
    @PUT
    @Path("data/settings")
    @Consumes(MediaType.WILDCARD)
    public Response save(@HeaderParam(TOKEN_HEADER) String token, String body) {
        CrmToken caller = allowedToSettings(token);
        SettingsForm.Validation validation = saves.save(caller.reference(), parse(body));
        if (!validation.valid()) {
            return Response.status(400).entity(validation.errors().toString()).build();
        }
        return Response.ok(form.mask(validation.data()).toString()).build();
    }

    private CrmToken allowedToSettings(String token) {
        CrmToken caller = registrations.authorize(token);
        if (caller.claim("settings") != JsonValue.TRUE) {
            throw ApiError.forbidden("Access to settings is not allowed");
        }
        return caller;
    }

    /** Anything that is not JSON fails validation as "not an object", with the usual 400 error map. */
    private static JsonValue parse(String body) {
        if (body == null || body.isBlank()) {
            return JsonValue.NULL;
        }
        try {
            return JsonBodies.read(body);
        } catch (JsonException | IllegalStateException e) {
            return JsonValue.NULL;
        }
    }
}
