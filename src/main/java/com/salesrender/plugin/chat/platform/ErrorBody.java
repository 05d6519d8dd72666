package com.salesrender.plugin.chat.platform;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The one error shape, {@code {"code": <status>, "message": "..."}}, written by a servlet or filter with the CORS headers. */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static String json(int status, String message) {
        return Json.createObjectBuilder().add("code", status).add("message", message).build().toString();
    }

    public static void write(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        CorsHeaders.addTo(response);
        response.getWriter().write(json(status, message));
    }
}
