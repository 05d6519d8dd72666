package com.salesrender.plugin.chat.platform;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * CORS for the CRM's pages: the headers on every answer (errors too), and an {@code OPTIONS} preflight
 * answered for any path before routing.
 */
@Provider
@PreMatching
public class Cors implements ContainerRequestFilter, ContainerResponseFilter {

    static final String ALLOWED_METHODS = "GET, POST, PUT, OPTIONS";
    static final String ALLOWED_HEADERS = "Origin, X-Requested-With, Content-Type, Accept, Authorization, X-PLUGIN-TOKEN";

    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.OPTIONS.equals(request.getMethod())) {
            request.abortWith(Response.noContent().build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        add(response.getHeaders());
    }

    /** The same headers on an answer written by a servlet outside JAX-RS. */
    public static void add(jakarta.servlet.http.HttpServletResponse response) {
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
        response.setHeader("Access-Control-Max-Age", "86400");
    }

    static void add(MultivaluedMap<String, Object> headers) {
        headers.putSingle("Access-Control-Allow-Origin", "*");
        headers.putSingle("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        headers.putSingle("Access-Control-Allow-Methods", ALLOWED_METHODS);
        headers.putSingle("Access-Control-Max-Age", "86400");
    }
}
