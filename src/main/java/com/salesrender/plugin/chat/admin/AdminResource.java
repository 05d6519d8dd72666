package com.salesrender.plugin.chat.admin;

import com.salesrender.plugin.chat.access.PathReference;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.message.MessageId;
import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.ApiSecurity;
import com.salesrender.plugin.chat.platform.BearerToken;
import com.salesrender.plugin.chat.platform.Json;
import com.salesrender.plugin.chat.task.TaskState;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.Arrays;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The operator's JSON API ({@code Authorization: Bearer <plugin.admin.token>}): counts by state, tasks by state, a
 * message's history, replay of a failed message, and a backup of the embedded database.
 */
@Path("admin/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = ApiSecurity.ADMIN_TOKEN)
@BearerToken(property = "plugin.admin.token", name = "admin")
public class AdminResource {

    private static final int MAX_TASK_ID = 36;

    @Inject
    Operations operations;

    @Inject
    DatabaseBackup backups;

    @Operation(summary = "Outgoing messages and CRM requests counted by state (and STUCK)")
    @APIResponse(responseCode = "200", description = "The counts")
    @APIResponse(responseCode = "401", description = "No bearer token")
    @APIResponse(responseCode = "403", description = "Wrong admin token")
    @APIResponse(responseCode = "404", description = "plugin.admin.token is not set: the admin API is off")
    @GET
    @Path("counts")
    public String counts() {
        return operations.counts().toString();
    }

    @Operation(summary = "Outgoing messages in a state, newest first, a page at a time")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Unknown state, or page/size out of range")
    @APIResponse(responseCode = "401", description = "No bearer token")
    @APIResponse(responseCode = "403", description = "Wrong admin token")
    @APIResponse(responseCode = "404", description = "plugin.admin.token is not set: the admin API is off")
    @GET
    @Path("tasks")
    public String tasks(
            @QueryParam("state") @DefaultValue("FAILED") String state,
            @QueryParam("page") @DefaultValue("0") String pageParam,
            @QueryParam("size") @DefaultValue("20") String sizeParam) {
        // Read as text so that a page that is not a number is a 400 (JAX-RS would answer 404), and the
        // first row (page * size) stays within an int.
        int page = number(pageParam);
        int size = number(sizeParam);
        boolean known = Operations.STUCK.equals(state)
                || Arrays.stream(TaskState.values()).anyMatch(s -> s.name().equals(state));
        if (!known) {
            throw ApiError.invalid("state must be one of " + Arrays.toString(TaskState.values()) + " or STUCK");
        }
        if (page < 0 || size < 1 || size > 200 || (long) page * size > Integer.MAX_VALUE) {
            throw ApiError.invalid("page must be 0 or more and size 1 to 200");
        }
        return operations.tasks(state, page, size).toString();
    }

    @Operation(summary = "The outgoing messages with this message id (any company), each with its history")
    @APIResponse(responseCode = "200", description = "The matches (possibly none)")
    @APIResponse(responseCode = "400", description = "No messageId, or one too long")
    @APIResponse(responseCode = "401", description = "No bearer token")
    @APIResponse(responseCode = "403", description = "Wrong admin token")
    @APIResponse(responseCode = "404", description = "plugin.admin.token is not set: the admin API is off")
    @GET
    @Path("messages")
    public String search(@QueryParam("messageId") String messageId) {
        if (messageId == null || messageId.isBlank()) {
            throw ApiError.invalid("messageId is required");
        }
        return operations.messages(messageId(messageId.trim())).toString();
    }

    @Operation(summary = "One outgoing message with its history")
    @APIResponse(responseCode = "200", description = "The message")
    @APIResponse(responseCode = "400", description = "A reference part too long or malformed")
    @APIResponse(
            responseCode = "404",
            description = "No such message, or plugin.admin.token is not set (the admin API is off)")
    @APIResponse(responseCode = "401", description = "No bearer token")
    @APIResponse(responseCode = "403", description = "Wrong admin token")
    @GET
    @Path("messages/{companyId}/{alias}/{pluginId}/{messageId}")
    public String message(
            @PathParam("companyId") String companyId,
            @PathParam("alias") String alias,
            @PathParam("pluginId") String pluginId,
            @PathParam("messageId") String messageId) {
        PluginReference reference = PathReference.of(companyId, alias, pluginId);
        JsonObject message = operations.message(reference, messageId(messageId));
        if (message == null) {
            throw ApiError.notFound("No such message");
        }
        return message.toString();
    }

    /** Ids that could not be stored are a 400 here, not a search that finds nothing. */
    private static String messageId(String id) {
        if (!MessageId.storable(id)) {
            throw ApiError.invalid("messageId is at most " + MessageId.MAX_LENGTH + " characters, without NUL");
        }
        return id;
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Operation(summary = "Queues a FAILED message again with a fresh set of attempts")
    @APIResponse(responseCode = "200", description = "{\"replayed\": true}")
    @APIResponse(responseCode = "400", description = "A task id too long")
    @APIResponse(
            responseCode = "404",
            description = "No such task, or plugin.admin.token is not set (the admin API is off)")
    @APIResponse(responseCode = "409", description = "The task is not FAILED")
    @APIResponse(responseCode = "401", description = "No bearer token")
    @APIResponse(responseCode = "403", description = "Wrong admin token")
    @POST
    @Path("tasks/{id}/replay")
    public String replay(@PathParam("id") String id) {
        if (id.length() > MAX_TASK_ID || id.indexOf('\u0000') >= 0) {
            throw ApiError.invalid("A task id is at most " + MAX_TASK_ID + " characters");
        }
        if (!operations.exists(id)) {
            throw ApiError.notFound("No such task");
        }
        if (!operations.replay(id)) {
            throw ApiError.wrongState("Only a FAILED task can be replayed");
        }
        return Json.createObjectBuilder().add("replayed", true).build().toString();
    }

    @Operation(summary = "An online backup of the embedded H2 database, as a zip (restore: unzip into database/)")
    @APIResponse(
            responseCode = "200",
            description = "The zip, holding chat-plugin.mv.db",
            content = @Content(mediaType = "application/zip"))
    @APIResponse(responseCode = "401", description = "No bearer token")
    @APIResponse(responseCode = "403", description = "Wrong admin token")
    @APIResponse(responseCode = "404", description = "plugin.admin.token is not set: the admin API is off")
    @APIResponse(
            responseCode = "409",
            description = "The database is PostgreSQL (use pg_dump) or not this process's H2 file, or a backup is"
                    + " already running")
    @APIResponse(responseCode = "500", description = "The backup could not be written (a full disk)")
    @POST
    @Path("backup")
    public Response backup() {
        DatabaseBackup.Backup backup = backups.take();
        StreamingOutput zip = out -> {
            try (InputStream in = backup.content()) {
                in.transferTo(out);
            }
        };
        return Response.ok(zip, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + backup.fileName() + "\"")
                .header("Content-Length", backup.size())
                .header("Cache-Control", "no-store")
                .build();
    }
}
