package com.salesrender.plugin.chat.platform;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MultivaluedMap;

/** The CORS headers of every answer, for JAX-RS answers and for those a servlet writes itself. */
public final class CorsHeaders {

    public static final String ALLOWED_METHODS = "GET, POST, PUT, OPTIONS";
    /** Any header, as the reference allows (the CRM's pages send {@code X-PLUGIN-TOKEN}). */
    public static final String ALLOWED_HEADERS = "*";

    private CorsHeaders() {}

    public static void addTo(HttpServletResponse response) {
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
        response.setHeader("Access-Control-Max-Age", "86400");
    }

    public static void addTo(MultivaluedMap<String, Object> headers) {
        headers.putSingle("Access-Control-Allow-Origin", "*");
        headers.putSingle("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        headers.putSingle("Access-Control-Allow-Methods", ALLOWED_METHODS);
        headers.putSingle("Access-Control-Max-Age", "86400");
    }
}
