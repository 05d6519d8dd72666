package com.salesrender.plugin.chat.info;

import com.salesrender.plugin.chat.platform.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /info} (the plugin's metadata), {@code GET /icon.png} and {@code GET /robots.txt}. */
@Path("")
@ApplicationScoped
@Tag(name = "plugin")
public class InfoResource {

    static final String ICON = "/icon.png";

    @Context
    ServletContext servletContext;

    @Inject
    InfoCheck check;

    /** The icon, read once; empty when the WAR has none. */
    private volatile Optional<byte[]> icon;

    @Operation(summary = "The plugin's metadata: name, type CHAT, capabilities, languages, developer")
    @APIResponse(responseCode = "200", description = "The metadata")
    @APIResponse(responseCode = "510", description = "The plugin icon is missing from the WAR")
    @GET
    @Path("info")
    @Produces(MediaType.APPLICATION_JSON)
    public String info() {
        if (iconBytes() == null) {
            throw ApiError.incomplete("The plugin icon " + ICON + " is missing");
        }
        return check.info().toJson().toString();
    }

    @Operation(summary = "The plugin icon (128x128 PNG)")
    @APIResponse(responseCode = "200", description = "The icon")
    @APIResponse(responseCode = "404", description = "The WAR has no icon")
    @GET
    @Path("icon.png")
    @Produces("image/png")
    public Response iconPng() {
        byte[] png = iconBytes();
        if (png == null) {
            throw ApiError.notFound("The plugin icon is missing");
        }
        return Response.ok(png).build();
    }

    @Operation(summary = "Keeps crawlers out")
    @APIResponse(responseCode = "200", description = "User-agent: * / Disallow: /")
    @GET
    @Path("robots.txt")
    @Produces(MediaType.TEXT_PLAIN)
    public String robots() {
        return "User-agent: *\nDisallow: /";
    }

    private byte[] iconBytes() {
        if (icon == null) {
            try (InputStream in = servletContext.getResourceAsStream(ICON)) {
                icon = Optional.ofNullable(in == null ? null : in.readAllBytes());
            } catch (IOException e) {
                return null; // not remembered: a passing read error
            }
        }
        return icon.orElse(null);
    }
}
