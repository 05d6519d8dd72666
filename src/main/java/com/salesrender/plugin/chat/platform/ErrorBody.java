package com.salesrender.plugin.chat.platform;

import com.salesrender.plugin.chat.api.Refusal;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one error shape, {@code {"code": <status>, "message": "..."}}: built here for JAX-RS answers ({@link #response})
 * and written here, with the CORS headers, by the servlets and filters that answer themselves ({@link #write}).
 */
public final class ErrorBody {

    private ErrorBody() {}

    /** The shape, for an answer that adds members of its own (an upload refusal's permissions). */
    public static JsonObjectBuilder builder(int status, String message) {
        return Json.createObjectBuilder().add("code", status).add("message", message == null ? "" : message);
    }

    public static String json(int status, String message) {
        return builder(status, message).build().toString();
    }

    /** A JAX-RS answer (the CORS filter adds its headers). */
    public static Response response(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(json(status, message))
                .build();
    }

    public static void write(HttpServletResponse response, Refusal refusal) throws IOException {
        write(response, refusal.status(), refusal.getMessage());
    }

    public static void write(HttpServletResponse response, int status, String message) throws IOException {
        write(response, status, builder(status, message).build());
    }

    /** Any JSON answer a servlet or filter writes itself: the status, the JSON and the CORS headers. */
    public static void write(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        CorsHeaders.addTo(response);
        response.getWriter().write(body.toString());
    }

    /** The 405 message, as the reference words it: the route's methods, then OPTIONS (HEAD is implied by GET). */
    public static String notAllowed(Set<String> allowed) {
        List<String> methods = new ArrayList<>(allowed.stream()
                .map(m -> m.toUpperCase(Locale.ROOT))
                .filter(m -> !m.equals("HEAD") && !m.equals("OPTIONS"))
                .sorted()
                .toList());
        methods.add("OPTIONS");
        return "Method not allowed. Must be one of: " + String.join(", ", methods);
    }
}
