package com.salesrender.plugin.chat.upload;

import com.salesrender.plugin.chat.api.UploadedFile;
import com.salesrender.plugin.chat.platform.ApiError;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /uploaded/{companyId}/{pluginId}/{name}}: an uploaded file, for the CRM and the gateway (no token, as in
 * the reference: the random name is the secret). Served so that a browser never runs it: the type comes from the
 * extension, {@code nosniff}, a sandboxing policy, and anything but images, audio and video as a download.
 */
@Path("uploaded/{companyId}/{pluginId}/{name}")
@Tag(name = "plugin")
public class UploadedFiles {

    @Inject
    PluginUploads uploads;

    @Operation(summary = "An uploaded file")
    @APIResponse(responseCode = "200", description = "The file's bytes")
    @APIResponse(responseCode = "404", description = "No such file (or it is older than plugin.retention.uploads)")
    @GET
    public Response file(
            @PathParam("companyId") String company,
            @PathParam("pluginId") String plugin,
            @PathParam("name") String name) {
        UploadedFile file = find(company, plugin, name);
        StreamingOutput body = out -> {
            try (file) {
                file.content().transferTo(out);
            }
        };
        return headers(Response.ok(body), file).build();
    }

    @Operation(summary = "The headers of an uploaded file")
    @APIResponse(responseCode = "200", description = "Type, length and disposition of the file")
    @APIResponse(responseCode = "404", description = "No such file (or it is older than plugin.retention.uploads)")
    @HEAD
    public Response head(
            @PathParam("companyId") String company,
            @PathParam("pluginId") String plugin,
            @PathParam("name") String name)
            throws IOException {
        try (UploadedFile file = find(company, plugin, name)) {
            return headers(Response.ok(), file).build();
        }
    }

    private UploadedFile find(String company, String plugin, String name) {
        return uploads.open(company, plugin, name).orElseThrow(() -> ApiError.notFound("File not found"));
    }

    private static Response.ResponseBuilder headers(Response.ResponseBuilder response, UploadedFile file) {
        String disposition = ContentTypes.inline(file.contentType()) ? "inline" : "attachment";
        return response.type(file.contentType())
                .header("Content-Length", file.size())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header("Content-Disposition", disposition + "; filename=\"" + file.name() + "\"")
                .header("Cache-Control", "private, max-age=3600");
    }
}
