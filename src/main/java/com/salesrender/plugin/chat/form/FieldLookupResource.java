package com.salesrender.plugin.chat.form;

import com.salesrender.plugin.chat.api.Autocomplete;
import com.salesrender.plugin.chat.api.Field;
import com.salesrender.plugin.chat.api.FieldRequest;
import com.salesrender.plugin.chat.api.MarkdownPreview;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.TablePreview;
import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.ApiSecurity;
import com.salesrender.plugin.chat.registration.Registrations;
import com.salesrender.plugin.chat.settings.SettingsResource;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the CRM's settings page asks about a dynamic field, with the {@code X-PLUGIN-TOKEN} of its user (any registered
 * company's token, as the reference: no {@code settings} claim needed), answered by the plugin's bean of that name.
 */
@Path("protected")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "settings")
@SecurityRequirement(name = ApiSecurity.CRM_TOKEN)
public class FieldLookupResource {

    @Inject
    Registrations registrations;

    @Inject
    FieldBeans beans;

    @Context
    UriInfo uri;

    @Operation(
            summary = "Values for a listOfEnum field declared with an autocomplete name",
            description =
                    "?query=text: the values matching it; ?query[]=a&query[]=b: the titles of these values."
                            + " Also dep and context (JSON). Answers {\"<value>\": {\"title\": ..., \"group\": ...}}, [] for none.")
    @APIResponse(responseCode = "200", description = "The values with their titles and groups")
    @APIResponse(
            responseCode = "400",
            description = "A broken query string, dep or context not JSON, a parameter twice")
    @APIResponse(responseCode = "401", description = "No X-PLUGIN-TOKEN header")
    @APIResponse(responseCode = "403", description = "Bad token or unregistered plugin")
    @APIResponse(responseCode = "404", description = "No autocomplete of that name")
    @APIResponse(responseCode = "500", description = "The plugin's autocomplete failed")
    @GET
    @Path("autocomplete/{name}")
    public String autocomplete(
            @HeaderParam(SettingsResource.TOKEN_HEADER) String token, @PathParam("name") String name) {
        PluginReference reference = registrations.authorize(token).reference();
        Autocomplete autocomplete = beans.autocomplete(name).orElseThrow(ApiError::routeUnknown);
        FieldQuery query = FieldQuery.read(uri.getRequestUri().getRawQuery());
        FieldRequest request = new FieldRequest(reference, query.dependencies(), query.context());
        Map<String, Field.Option> found = query.values().isEmpty()
                ? autocomplete.query(query.text(), request)
                : autocomplete.values(query.values(), request);
        return FieldAnswers.options(name, found).toString();
    }

    @Operation(
            summary = "The table of a tablePreview field",
            description = "With dep and context (JSON). Answers the rows, an array of arrays.")
    @APIResponse(responseCode = "200", description = "The rows")
    @APIResponse(
            responseCode = "400",
            description = "A broken query string, dep or context not JSON, a parameter twice")
    @APIResponse(responseCode = "401", description = "No X-PLUGIN-TOKEN header")
    @APIResponse(responseCode = "403", description = "Bad token or unregistered plugin")
    @APIResponse(responseCode = "404", description = "No table previewer of that name")
    @APIResponse(responseCode = "500", description = "The plugin's previewer failed")
    @GET
    @Path("preview/table/{name}")
    public String table(@HeaderParam(SettingsResource.TOKEN_HEADER) String token, @PathParam("name") String name) {
        PluginReference reference = registrations.authorize(token).reference();
        TablePreview preview = beans.tablePreview(name).orElseThrow(ApiError::routeUnknown);
        FieldQuery query = FieldQuery.read(uri.getRequestUri().getRawQuery());
        return FieldAnswers.table(
                        name, preview.render(new FieldRequest(reference, query.dependencies(), query.context())))
                .toString();
    }

    @Operation(
            summary = "The text of a markdownPreview field",
            description = "With dep and context (JSON). Answers {\"markdown\": \"...\"}.")
    @APIResponse(responseCode = "200", description = "The markdown")
    @APIResponse(
            responseCode = "400",
            description = "A broken query string, dep or context not JSON, a parameter twice")
    @APIResponse(responseCode = "401", description = "No X-PLUGIN-TOKEN header")
    @APIResponse(responseCode = "403", description = "Bad token or unregistered plugin")
    @APIResponse(responseCode = "404", description = "No markdown previewer of that name")
    @APIResponse(responseCode = "500", description = "The plugin's previewer failed")
    @GET
    @Path("preview/markdown/{name}")
    public String markdown(@HeaderParam(SettingsResource.TOKEN_HEADER) String token, @PathParam("name") String name) {
        PluginReference reference = registrations.authorize(token).reference();
        MarkdownPreview preview = beans.markdownPreview(name).orElseThrow(ApiError::routeUnknown);
        FieldQuery query = FieldQuery.read(uri.getRequestUri().getRawQuery());
        return FieldAnswers.markdown(
                        name, preview.render(new FieldRequest(reference, query.dependencies(), query.context())))
                .toString();
    }
}
