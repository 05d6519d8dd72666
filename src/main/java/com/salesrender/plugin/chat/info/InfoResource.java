package com.salesrender.plugin.chat.info;

import com.salesrender.plugin.chat.platform.ApiError;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.ConfigProvider;

/** {@code GET /info} (the plugin's metadata), {@code GET /icon.png} and {@code GET /robots.txt}. */
@Path("")
@ApplicationScoped
public class InfoResource {

    static final String ICON = "/icon.png";

    @Context
    ServletContext servletContext;

    private PluginInfo info;

    @PostConstruct
    void read() {
        var config = ConfigProvider.getConfig();
        info = PluginInfo.read(key -> config.getOptionalValue(key, String.class));
    }

    @GET
    @Path("info")
    @Produces(MediaType.APPLICATION_JSON)
    public String info() {
        if (iconBytes() == null) {
            throw new ApiError(510, "The plugin icon " + ICON + " is missing");
        }
        return info.toJson().toString();
    }

    @GET
    @Path("icon.png")
    @Produces("image/png")
    public Response iconPng() {
        byte[] png = iconBytes();
        if (png == null) {
            throw new ApiError(404, "The plugin icon is missing");
        }
        return Response.ok(png).build();
    }

    @GET
    @Path("robots.txt")
    @Produces(MediaType.TEXT_PLAIN)
    public String robots() {
        return "User-agent: *\nDisallow: /\n";
    }

    private byte[] iconBytes() {
        try (InputStream in = servletContext.getResourceAsStream(ICON)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    PluginInfo pluginInfo() {
        return info;
    }
}
