package com.salesrender.plugin.chat.upload;

import com.salesrender.plugin.chat.api.UploadedFile;
import com.salesrender.plugin.chat.api.Uploads;
import com.salesrender.plugin.chat.application.RetentionOptions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** Test-only window on uploads (in the test WAR, never in the product): the ChatSender API, rows, retention. */
@RequestScoped
@Path("test-probe/uploads")
@Produces(MediaType.APPLICATION_JSON)
public class UploadProbe {

    @Inject
    Uploads uploads;

    @Inject
    UploadStore store;

    @Inject
    UploadRetention retention;

    @Inject
    @ConfigProperties
    RetentionOptions kept;

    /** What a ChatSender gets from {@code Uploads.open(uri)}, the bytes in base64. */
    @GET
    @Path("open")
    public Response open(@QueryParam("uri") String uri) throws Exception {
        Optional<UploadedFile> opened = uploads.open(URI.create(uri));
        if (opened.isEmpty()) {
            return Response.status(404).build();
        }
        try (UploadedFile file = opened.get()) {
            return Response.ok(Json.createObjectBuilder()
                            .add("name", file.name())
                            .add("contentType", file.contentType())
                            .add("size", file.size())
                            .add(
                                    "content",
                                    Base64.getEncoder()
                                            .encodeToString(file.content().readAllBytes()))
                            .build()
                            .toString())
                    .build();
        }
    }

    @GET
    @Path("count/{company}")
    public String count(@PathParam("company") String company) {
        return String.valueOf(store.count(company));
    }

    /** The retention sweep as it would run with the clock at {@code now} (epoch ms). */
    @POST
    @Path("purge")
    public String purge(@QueryParam("now") long now) {
        return String.valueOf(retention.purge(now - kept.uploads().toMillis()));
    }
}
