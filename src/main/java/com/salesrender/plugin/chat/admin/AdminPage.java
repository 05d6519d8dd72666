package com.salesrender.plugin.chat.admin;

import com.salesrender.plugin.chat.platform.ApiError;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The live queue page at {@code /admin/}: static files from {@code WEB-INF/admin}, no data in them. The page asks for
 * the admin token and calls the admin API with it.
 */
@Path("admin")
@Tag(name = "admin")
public class AdminPage {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "admin.js", "text/javascript; charset=utf-8",
            "admin.css", "text/css; charset=utf-8");

    @Context
    ServletContext servletContext;

    @Operation(summary = "The live queue page (it asks for the admin token itself)")
    @APIResponse(responseCode = "200", description = "The HTML page")
    @GET
    public Response page() {
        return file("index.html");
    }

    @Operation(summary = "The page's script and style sheet")
    @APIResponse(responseCode = "200", description = "The file")
    @APIResponse(responseCode = "404", description = "No such file")
    @GET
    @Path("{file}")
    public Response file(@PathParam("file") String name) {
        String type = FILES.get(name);
        if (type == null) {
            throw ApiError.routeUnknown();
        }
        try (InputStream in = servletContext.getResourceAsStream("/WEB-INF/admin/" + name)) {
            if (in == null) {
                throw ApiError.routeUnknown();
            }
            return Response.ok(in.readAllBytes(), type)
                    .header("Cache-Control", "no-store")
                    // Never inside another site's frame: a framed page could be clicked through by a hidden overlay.
                    .header(
                            "Content-Security-Policy",
                            "default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
                    .header("X-Frame-Options", "DENY")
                    .build();
        } catch (IOException e) {
            throw ApiError.internal(ApiError.INTERNAL);
        }
    }
}
