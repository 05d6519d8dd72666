package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.platform.CorsHeaders;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * CORS for the CRM's pages: the headers on every answer (errors too), and an {@code OPTIONS} preflight answered for any
 * path before routing.
 */
@Provider
@PreMatching
public class Cors implements ContainerRequestFilter, ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.OPTIONS.equals(request.getMethod())) {
            request.abortWith(Response.ok().build()); // 200 with no body, as the reference answers
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        CorsHeaders.addTo(response.getHeaders());
    }
}
